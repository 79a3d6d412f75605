import Tabular

/// Renders the tables of a document as CSV, following RFC 4180.
///
/// Each table is written as its header row followed by its rows, with a blank line between
/// tables; headings, text and charts are left out. Lines end with CR LF. Fields containing
/// a comma, a double quote, CR or LF are quoted, with quotes doubled. Nulls are empty fields
/// and numbers are written in full precision, whole numbers without a decimal point. Text
/// that a spreadsheet would run as a formula starts with a single quote, unless raw values
/// are asked for (see `SpreadsheetFormulas`).
public struct CSVRenderer: ReportRenderer {
    /// Whether the output starts with a UTF-8 byte order mark, for Excel.
    public var byteOrderMark: Bool
    /// Whether text cells and headers that start like a formula are written as they are,
    /// without the quote that keeps a spreadsheet from running them.
    public var rawValues: Bool

    /// Creates a CSV renderer.
    public init(byteOrderMark: Bool = false, rawValues: Bool = false) {
        self.byteOrderMark = byteOrderMark
        self.rawValues = rawValues
    }

    private static let lineEnd = "\r\n"
    private static let byteOrderMarkCharacter = "\u{FEFF}"

    /// Renders every table of the document.
    public func render(_ document: ReportDocument) -> String {
        let tables = document.blocks.compactMap { block -> ReportTable? in
            guard case .table(let table) = block else { return nil }
            return table
        }
        let body = tables.map(csv(for:)).joined(separator: Self.lineEnd)
        return (byteOrderMark ? Self.byteOrderMarkCharacter : "") + body
    }

    private func csv(for table: ReportTable) -> String {
        let header = (0..<table.columnCount).map { cellText(.text(table.header(at: $0))) }
        let rows = table.rectangularRows.map { $0.map(cellText) }
        return ([header] + rows).map(record).joined()
    }

    /// Numbers and truth values as they are; text made safe to open in a spreadsheet.
    private func cellText(_ value: ReportValue) -> String {
        guard case .text(let text) = value, !rawValues else { return value.plainText }
        return SpreadsheetFormulas.neutralized(text)
    }

    private func record(_ fields: [String]) -> String {
        fields.map(escapedField).joined(separator: ",") + Self.lineEnd
    }

    private func escapedField(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { ",\"\r\n".unicodeScalars.contains($0) }
        guard needsQuotes else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
}
