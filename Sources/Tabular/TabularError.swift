/// A problem found while reading or writing a table, located precisely enough
/// for a person to find and fix it in the source file.
public struct TabularError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The 1-based line (CSV) or spreadsheet row (XLSX) where the problem is, when one applies.
    public var line: Int?
    /// The 1-based index of the field within its record, when one applies.
    public var column: Int?
    /// What went wrong, phrased for the person who has to fix the file.
    public var reason: String

    /// Creates an error; `line` and `column` are 1-based.
    public init(line: Int? = nil, column: Int? = nil, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// The reason prefixed with its location, e.g. `row 12, column 3: …`.
    public var description: String {
        switch (line, column) {
        case (let line?, let column?): "row \(line), column \(column): \(reason)"
        case (let line?, nil): "row \(line): \(reason)"
        case (nil, let column?): "column \(column): \(reason)"
        case (nil, nil): reason
        }
    }
}
