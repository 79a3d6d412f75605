/// The output formats a report can be rendered in.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Plain text for a terminal: headings, box-drawn tables and bar charts.
    case table
    /// GitHub-flavoured Markdown.
    case markdown
    /// The report's tables as RFC 4180 CSV, text that starts like a formula neutralised.
    case csv
    /// The whole document as typed JSON.
    case json
    /// A self-contained HTML page with SVG charts.
    case html

    /// The customary file name extension for the format, without the dot.
    public var fileExtension: String {
        switch self {
        case .table: "txt"
        case .markdown: "md"
        case .csv: "csv"
        case .json: "json"
        case .html: "html"
        }
    }
}

/// Choices that affect how a document is rendered.
public struct RenderOptions: Sendable, Equatable {
    /// The width of the terminal in columns, to which tables and charts are fitted,
    /// or `nil` to render them at their natural width.
    public var terminalWidth: Int?
    /// Whether terminal output may use ANSI colour and weight.
    ///
    /// The caller decides, typically when standard output is a terminal and `NO_COLOR` is unset.
    public var color: Bool
    /// Whether CSV output starts with a UTF-8 byte order mark, which Excel needs
    /// to read Chinese text correctly.
    public var csvByteOrderMark: Bool
    /// Whether CSV output writes text that starts like a spreadsheet formula as it is,
    /// instead of with a single quote before it.
    public var csvRawValues: Bool

    /// Creates render options; the defaults render plain, unfitted output without a BOM,
    /// with CSV text that starts like a formula neutralised.
    public init(
        terminalWidth: Int? = nil, color: Bool = false, csvByteOrderMark: Bool = false, csvRawValues: Bool = false
    ) {
        self.terminalWidth = terminalWidth
        self.color = color
        self.csvByteOrderMark = csvByteOrderMark
        self.csvRawValues = csvRawValues
    }
}

/// Turns a report document into the text of one output format.
public protocol ReportRenderer: Sendable {
    /// Renders the whole document.
    func render(_ document: ReportDocument) -> String
}

/// The renderer for a format, configured with the given options.
public func renderer(for format: ReportFormat, options: RenderOptions = RenderOptions())
    -> any ReportRenderer
{
    switch format {
    case .table:
        TerminalRenderer(terminalWidth: options.terminalWidth, color: options.color)
    case .markdown:
        MarkdownRenderer()
    case .csv:
        CSVRenderer(byteOrderMark: options.csvByteOrderMark, rawValues: options.csvRawValues)
    case .json:
        JSONRenderer()
    case .html:
        HTMLRenderer()
    }
}

/// Short notices shown in place of content that is missing.
enum Notice {
    /// Shown under the header of a table that has no rows.
    static let noRows = "(no rows)"
    /// Shown in place of a bar chart that has no bars.
    static let noData = "(no data)"
}
