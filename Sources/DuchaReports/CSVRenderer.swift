/// Renders the tables of a document as CSV, following RFC 4180.
///
/// Each table is written as its header row followed by its rows, with a blank line between
/// tables; headings, text and charts are left out. Lines end with CR LF. Fields containing
/// a comma, a double quote, CR or LF are quoted, with quotes doubled. Nulls are empty fields
/// and numbers are written in full precision, whole numbers without a decimal point.
public struct CSVRenderer: ReportRenderer {
    /// Whether the output starts with a UTF-8 byte order mark, for Excel.
    public var byteOrderMark: Bool

    /// Creates a CSV renderer.
    public init(byteOrderMark: Bool = false) {
        self.byteOrderMark = byteOrderMark
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
        let header = (0..<table.columnCount).map { table.header(at: $0) }
        let rows = table.rectangularRows.map { $0.map(\.plainText) }
        return ([header] + rows).map(record).joined()
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
