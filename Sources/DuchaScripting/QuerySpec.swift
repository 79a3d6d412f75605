import DuchaStore
import LuaKit

/// Reads the query a script built (a plain table made by the prelude) into a
/// ``RecordQuery``; anything malformed is an error naming the bad word and the valid ones.
enum QuerySpec {
    static func query(_ value: LuaValue) throws -> RecordQuery {
        guard let table = value.tableValue, let collection = table["collection"].stringValue else {
            throw QueryError("not a query")
        }
        var query = RecordQuery(collection: collection)
        let filters = try (table["filters"].tableValue?.sequence ?? []).map(filter)
        if !filters.isEmpty { query.filter = filters.count == 1 ? filters[0] : .all(filters) }
        query.order = (table["ordering"].tableValue?.sequence ?? []).compactMap(\.stringValue).map { term in
            term.hasPrefix("-")
                ? QueryOrder(path: String(term.dropFirst()), descending: true)
                : QueryOrder(path: term, descending: false)
        }
        query.limit = table["limit_count"].integerValue.map { Int($0) }
        query.offset = table["offset_count"].integerValue.map { Int($0) }
        query.selection = table["selection"].tableValue.map { $0.sequence.compactMap(\.stringValue) }
        query.grouping = table["grouping"].tableValue?.sequence.compactMap(\.stringValue) ?? []
        if let aggregates = table["aggregates"].tableValue {
            let named = aggregates.fields.compactMap { key, value in key.stringValue.map { ($0, value) } }
            query.aggregates = try named.sorted { $0.0 < $1.0 }.map { name, value in
                (name, try aggregate(value, name: name))
            }
        }
        return query
    }

    static func filter(_ value: LuaValue) throws -> QueryFilter {
        guard let node = value.tableValue else { throw QueryError("not a condition") }
        switch node["kind"].stringValue {
        case "all": return .all(try (node["items"].tableValue?.sequence ?? []).map(filter))
        case "any": return .any(try (node["items"].tableValue?.sequence ?? []).map(filter))
        default:
            guard let path = node["path"].stringValue, let name = node["op"].stringValue else {
                throw QueryError("not a condition")
            }
            guard let op = QueryOperator(rawValue: name) else {
                throw QueryError("unknown operator '\(name)' (valid: \(QueryOperator.names))")
            }
            if let other = node["other"].stringValue {
                return .fieldComparison(path: path, operator: op, other: other)
            }
            let values = try (node["values"].tableValue).map { try listed($0, path: path) } ?? []
            return .comparison(path: path, operator: op, values: try values.map { try queryValue($0, path: path) })
        }
    }

    /// The most values one comparison takes (`in` lists included).
    static let maximumValues = 100_000

    /// The values of a comparison: `n` counts trailing nils that the sequence cannot hold
    /// (`where(path, "=", nil)`).
    private static func listed(_ table: LuaTable, path: String) throws -> [LuaValue] {
        let count = table["n"].integerValue ?? Int64(table.sequence.count)
        guard (0...Int64(maximumValues)).contains(count) else {
            throw QueryError("a comparison with '\(path)' takes 0 to \(maximumValues) values, got \(count)")
        }
        return (0..<Int(count)).map { table[.integer(Int64($0 + 1))] }
    }

    static func queryValue(_ value: LuaValue, path: String) throws -> QueryValue {
        switch value {
        case .nil: return .null
        case .boolean(let flag): return .boolean(flag)
        case .integer(let integer): return .integer(integer)
        case .number(let number): return .number(number)
        case .string(let string): return .text(string.text)
        case .table(let table) where table["field_reference"].stringValue != nil:
            throw QueryError("ducha.field(...) compares '\(path)' with another field only through = ~= < <= > >=")
        default:
            throw QueryError("a \(value.typeName) cannot be compared with '\(path)' (use strings, numbers or booleans)")
        }
    }

    static func aggregate(_ value: LuaValue, name: String) throws -> QueryAggregate {
        guard let node = value.tableValue, let kind = node["aggregate"].stringValue else {
            throw QueryError("'\(name)' is not an aggregate")
        }
        let path = node["path"].stringValue ?? ""
        switch kind {
        case "count": return .count(try node["filter"].tableValue.map { try filter(.table($0)) })
        case "count_distinct": return .countDistinct(path: path)
        case "sum": return .sum(path: path)
        case "avg": return .average(path: path)
        case "min": return .minimum(path: path)
        case "max": return .maximum(path: path)
        default: throw QueryError("unknown aggregate '\(kind)' (valid: count, count_distinct, sum, avg, min, max)")
        }
    }
}
