import Foundation
import DuchaModel

/// What SQL generation needs to know about a database engine. Everything above
/// DuchaStore speaks through this seam, so a PostgreSQL dialect can follow.
public protocol SQLDialect: Sendable {
    /// An identifier quoted for this engine.
    func quote(_ identifier: String) -> String
    /// The column type that stores a field of `type`.
    func columnType(for type: FieldType) -> String
    /// The placeholder for the bound parameter at 1-based `position`.
    func placeholder(_ position: Int) -> String
    /// An aggregate joining the values of `expression` with U+001F, in the rows' order.
    func listAggregate(_ expression: String) -> String
    /// An expression that orders the rows of the table aliased `alias` as they were inserted.
    func insertionOrder(of alias: String) -> String
    /// The clause limiting a result to `limit` rows after skipping `offset`; each is SQL
    /// (a placeholder) or nil for none, and at least one is given.
    func limitClause(limit: String?, offset: String?) -> String
    /// An insert of one row into `table` (quoted) with values for `columns` (quoted),
    /// bound in order; with `ignoringDuplicates`, a row whose key exists is skipped.
    func insert(into table: String, columns: [String], ignoringDuplicates: Bool) -> String
}

/// SQLite, as Ducha's embedded store uses it.
public struct SQLiteDialect: SQLDialect {
    public init() {}

    public func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public func columnType(for type: FieldType) -> String {
        switch type {
        case .integer, .boolean: "INTEGER"
        default: "TEXT"
        }
    }

    /// Numbered, so that an expression written twice, such as `overdue` with its as-of
    /// date, binds the same value both times.
    public func placeholder(_ position: Int) -> String { "?\(position)" }

    public func listAggregate(_ expression: String) -> String { "group_concat(\(expression), char(31))" }

    public func insertionOrder(of alias: String) -> String { "\(alias).rowid" }

    public func limitClause(limit: String?, offset: String?) -> String {
        // SQLite takes OFFSET only after a LIMIT; a negative limit means none.
        "LIMIT \(limit ?? "-1")" + (offset.map { " OFFSET \($0)" } ?? "")
    }

    public func insert(into table: String, columns: [String], ignoringDuplicates: Bool) -> String {
        let placeholders = columns.indices.map { placeholder($0 + 1) }.joined(separator: ", ")
        return "INSERT \(ignoringDuplicates ? "OR IGNORE " : "")INTO \(table) (\(columns.joined(separator: ", ")))"
            + " VALUES (\(placeholders))"
    }
}
