/// A report built by a script and rendered by the host once the script has finished.
///
/// A document is an ordered list of blocks; every renderer walks them in order.
public struct ReportDocument: Sendable, Equatable, Codable {
    /// The blocks of the report, in reading order.
    public var blocks: [ReportBlock]

    /// Creates a document from its blocks.
    public init(blocks: [ReportBlock] = []) {
        self.blocks = blocks
    }

    /// Appends a block at the end of the document.
    public mutating func append(_ block: ReportBlock) {
        blocks.append(block)
    }
}

/// One element of a report.
public enum ReportBlock: Sendable, Equatable, Codable {
    /// The report's main heading.
    case title(String)
    /// A heading that opens a section of the report.
    case section(String)
    /// A paragraph of prose, printed as written.
    case text(String)
    /// A table of typed cells.
    case table(ReportTable)
    /// A horizontal bar chart.
    case barChart(BarChart)
}

/// The value of one table cell.
public enum ReportValue: Sendable, Equatable, Codable {
    /// A missing value, shown as an empty cell.
    case null
    /// Text, left-aligned.
    case text(String)
    /// A whole number, right-aligned.
    case integer(Int64)
    /// A floating-point number, right-aligned.
    case number(Double)
    /// A truth value, shown as `true` or `false`.
    case boolean(Bool)

    /// Whether the value is a number and is therefore right-aligned.
    public var isNumeric: Bool {
        switch self {
        case .integer, .number: true
        case .null, .text, .boolean: false
        }
    }
}

extension ReportValue: ExpressibleByStringLiteral {
    /// Creates a text cell from a string literal.
    public init(stringLiteral value: String) {
        self = .text(value)
    }
}

extension ReportValue: ExpressibleByIntegerLiteral {
    /// Creates an integer cell from an integer literal.
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }
}

extension ReportValue: ExpressibleByFloatLiteral {
    /// Creates a number cell from a floating-point literal.
    public init(floatLiteral value: Double) {
        self = .number(value)
    }
}

extension ReportValue: ExpressibleByBooleanLiteral {
    /// Creates a boolean cell from a boolean literal.
    public init(booleanLiteral value: Bool) {
        self = .boolean(value)
    }
}

/// A table of typed cells under a row of headers.
///
/// Rows need not all have as many cells as there are headers: renderers treat the table as
/// having as many columns as its widest row or its headers, whichever is more, and show
/// missing cells and headers as empty.
public struct ReportTable: Sendable, Equatable, Codable {
    /// The column headings.
    public var headers: [String]
    /// The rows, each a list of cells from left to right.
    public var rows: [[ReportValue]]
    /// An optional caption shown above the table.
    public var title: String?

    /// Creates a table.
    public init(headers: [String], rows: [[ReportValue]] = [], title: String? = nil) {
        self.headers = headers
        self.rows = rows
        self.title = title
    }

    /// The number of columns: the larger of the header count and the widest row.
    public var columnCount: Int {
        rows.reduce(headers.count) { max($0, $1.count) }
    }

    /// The heading of a column, or an empty string when the column has none.
    public func header(at column: Int) -> String {
        headers.indices.contains(column) ? headers[column] : ""
    }

    /// The cell at a row and column, or `.null` when the row is shorter.
    public func cell(row: Int, column: Int) -> ReportValue {
        let cells = rows[row]
        return cells.indices.contains(column) ? cells[column] : .null
    }

    /// Every row padded with `.null` to exactly ``columnCount`` cells.
    public var rectangularRows: [[ReportValue]] {
        let width = columnCount
        return rows.map { $0 + Array(repeating: .null, count: width - $0.count) }
    }

    /// Whether a column holds numbers: at least one number and nothing but numbers and nulls.
    public func isNumericColumn(_ column: Int) -> Bool {
        let values = rows.indices.map { cell(row: $0, column: column) }.filter { $0 != .null }
        return !values.isEmpty && values.allSatisfy(\.isNumeric)
    }
}

/// A horizontal bar chart: one bar per label, in the given order.
///
/// Labels and values are paired by position; an unpaired trailing label or value is not drawn.
/// Bars are scaled to the largest value; zero, negative and non-finite values draw no bar
/// but still show their value.
public struct BarChart: Sendable, Equatable, Codable {
    /// An optional heading shown above the chart.
    public var title: String?
    /// The label of each bar.
    public var labels: [String]
    /// The value of each bar.
    public var values: [Double]
    /// An optional unit printed after each value, such as `件` or `人`.
    public var unit: String?

    /// Creates a bar chart.
    public init(title: String? = nil, labels: [String], values: [Double], unit: String? = nil) {
        self.title = title
        self.labels = labels
        self.values = values
        self.unit = unit
    }

    /// The labels paired with their values.
    public var bars: [(label: String, value: Double)] {
        zip(labels, values).map { (label: $0, value: $1) }
    }

    /// The largest finite positive value, against which every bar is scaled.
    var scaleMaximum: Double {
        values.filter { $0.isFinite && $0 > 0 }.max() ?? 0
    }

    /// The fraction of the full bar length that a value fills, between 0 and 1.
    func fillFraction(of value: Double) -> Double {
        guard value.isFinite, value > 0, scaleMaximum > 0 else { return 0 }
        return min(value / scaleMaximum, 1)
    }
}
