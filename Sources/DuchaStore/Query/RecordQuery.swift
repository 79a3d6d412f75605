import DuchaModel
import GRDB

/// A value a query compares against: always bound as a parameter, never spliced into SQL.
public enum QueryValue: Hashable, Sendable {
    case null
    case text(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
}

extension QueryValue {
    /// The text, if the value is text.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The value as GRDB binds it: booleans as 1 and 0.
    public var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .text(let text): text.databaseValue
        case .integer(let integer): integer.databaseValue
        case .number(let number): number.databaseValue
        case .boolean(let flag): (flag ? 1 : 0).databaseValue
        }
    }
}

/// A comparison operator of `where(field, op, value)`.
public enum QueryOperator: String, CaseIterable, Sendable {
    case equal = "="
    case notEqual = "~="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in` = "in"
    case notIn = "not_in"
    case like
    case between
    case isNull = "is_null"
    case notNull = "not_null"

    /// The operators' names, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: " ") }
}

/// A condition on records.
public indirect enum QueryFilter: Equatable, Sendable {
    /// `path op values` (one value for most operators, several for `in`, `not_in`, `between`).
    case comparison(path: String, operator: QueryOperator, values: [QueryValue])
    /// `path op other`: two fields of the same record compared (`ducha.field(other)`).
    case fieldComparison(path: String, operator: QueryOperator, other: String)
    case all([QueryFilter])
    case any([QueryFilter])
}

/// An aggregate of `group_by(...):agg{...}`.
public enum QueryAggregate: Equatable, Sendable {
    /// Records counted, optionally only those matching a filter.
    case count(QueryFilter?)
    case countDistinct(path: String)
    case sum(path: String)
    case average(path: String)
    case minimum(path: String)
    case maximum(path: String)
}

/// An ordering term: a path (or an output name of an aggregate query), ascending or not.
public struct QueryOrder: Equatable, Sendable {
    public let path: String
    public let descending: Bool

    public init(path: String, descending: Bool) {
        self.path = path
        self.descending = descending
    }
}

/// A query over one collection, as scripts build it; ``QueryCompiler`` turns it into SQL.
public struct RecordQuery: Equatable, Sendable {
    public var collection: String
    public var filter: QueryFilter?
    public var order: [QueryOrder] = []
    public var limit: Int?
    public var offset: Int?
    /// The paths each result row holds; nil for the collection's stored fields.
    public var selection: [String]?
    /// Group keys; with aggregates, rows are one per group.
    public var grouping: [String] = []
    /// Named aggregates, in output order.
    public var aggregates: [(name: String, aggregate: QueryAggregate)] = []

    public init(collection: String) { self.collection = collection }

    public static func == (lhs: RecordQuery, rhs: RecordQuery) -> Bool {
        lhs.collection == rhs.collection && lhs.filter == rhs.filter && lhs.order == rhs.order && lhs.limit == rhs.limit
            && lhs.offset == rhs.offset && lhs.selection == rhs.selection && lhs.grouping == rhs.grouping
            && lhs.aggregates.map(\.name) == rhs.aggregates.map(\.name)
            && lhs.aggregates.map(\.aggregate) == rhs.aggregates.map(\.aggregate)
    }
}

/// A query that refers to something that does not exist or cannot be asked.
public struct QueryError: Error, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
