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

    public func placeholder(_ position: Int) -> String { "?" }

    public func listAggregate(_ expression: String) -> String { "group_concat(\(expression), char(31))" }
}
