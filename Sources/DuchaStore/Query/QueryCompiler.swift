import DuchaModel

/// SQL for a query: every value a bound parameter, every identifier from the schema.
public struct CompiledQuery: Equatable, Sendable {
    public let sql: String
    public let arguments: [QueryValue]
    /// The names of the result columns, as result rows key them.
    public let columns: [String]
    /// What each column holds, for turning its values into Lua values.
    public let kinds: [ColumnKind]
}

/// What a result column holds.
public enum ColumnKind: UInt8, Sendable {
    case plain = 0
    /// Integers 0 and 1 that stand for false and true.
    case boolean = 1
    /// A list joined with U+001F (a to-many path's values).
    case list = 2
}

/// Turns a ``RecordQuery`` into SQL through a dialect. Dotted paths follow the model's
/// relationships: to-one steps become joins; to-many steps (a many-valued field, or a
/// collection that refers to this one, such as `units.findings`) become `EXISTS`
/// subqueries in filters ("some related record matches") and joins in `count_distinct`.
/// Text above the reader's clearance is compared and returned as a pseudonym.
public struct QueryCompiler {
    /// The workspace's enumerations (and through them the schema).
    public let taxonomy: Taxonomy
    public var schema: Schema { taxonomy.schema }
    public let dialect: any SQLDialect
    /// The date `overdue` is worked out against.
    public var asOf: String
    /// The highest sensitivity the reader may see; text above it is pseudonymised.
    public let clearance: Sensitivity
    /// The collections the reader may read and write.
    public let access: AccessPolicy
    /// Finds the record a reference in a filter names by id or unique name; without one,
    /// references are compared as they are written.
    public var referenceLookup: ReferenceLookup?
    /// The SQL function that turns a value into its stable pseudonym.
    public static let pseudonymFunction = "ducha_pseudonym"

    public init(
        taxonomy: Taxonomy, dialect: any SQLDialect, asOf: String, clearance: Sensitivity,
        access: AccessPolicy = .unrestricted, referenceLookup: ReferenceLookup? = nil
    ) {
        self.taxonomy = taxonomy
        self.dialect = dialect
        self.asOf = asOf
        self.clearance = clearance
        self.access = access
        self.referenceLookup = referenceLookup
    }

    /// The year of a date written without one (`8月1日`): the as-of date's.
    public var asOfYear: Int? { CalendarDate(iso: asOf)?.year }

    /// Reverse to-one paths the model names: a finding's rectification (at most one).
    static let reverseToOne: [String: (collection: String, field: String)] = [
        "findings.rectification": ("rectifications", "finding")
    ]

    // MARK: Entry points

    /// The rows of the query.
    public func compile(_ query: RecordQuery) throws -> CompiledQuery {
        let collection = try self.collection(query.collection)
        let builder = SQLBuilder(compiler: self)
        let main = builder.newAlias()
        let scope = Scope(collection: collection, alias: main)
        let isAggregate = !query.aggregates.isEmpty || !query.grouping.isEmpty
        var outputs: [(name: String, expression: String)] = []
        var kinds: [ColumnKind] = []
        func addPath(_ path: String) throws {
            let (expression, kind) = try builder.selectable(path, scope, allowingLists: !isAggregate)
            outputs.append((path, expression))
            kinds.append(kind)
        }
        if isAggregate {
            let fanOut = try query.aggregates.contains { try builder.needsFanOut($0.aggregate, scope) }
            for path in query.grouping { try addPath(path) }
            for (name, aggregate) in query.aggregates {
                outputs.append((name, try builder.aggregate(aggregate, scope, fanOut: fanOut)))
                kinds.append(.plain)
            }
        } else {
            let stored = collection.fields.filter { $0.derivation == nil }.map(\.name)
            if query.selection?.isEmpty == true {
                throw QueryError("select needs at least one field (valid: \(stored.joined(separator: ", ")))")
            }
            for path in query.selection ?? stored { try addPath(path) }
        }
        let condition = try query.filter.map { try builder.condition($0, scope) }
        let names = Set(outputs.map(\.name))
        let orderTerms = try query.order.map { term -> String in
            let expression: String
            if isAggregate {
                guard names.contains(term.path) else {
                    let valid = outputs.map(\.name).joined(separator: ", ")
                    throw QueryError("cannot order by '\(term.path)': not a group key or aggregate (valid: \(valid))")
                }
                expression = dialect.quote(term.path)
            } else {
                expression = try builder.scalar(term.path, scope)
            }
            return expression + (term.descending ? " DESC" : " ASC")
        }
        // Every part is compiled, so the scope now holds every join the parts need.
        var sql = "SELECT " + outputs.map { "\($0.expression) AS \(dialect.quote($0.name))" }.joined(separator: ", ")
        sql += " FROM \(dialect.quote(collection.name)) \(main)" + scope.joinClause
        if let condition { sql += " WHERE \(condition)" }
        if !query.grouping.isEmpty {
            sql += " GROUP BY " + query.grouping.indices.map { outputs[$0].expression }.joined(separator: ", ")
        }
        if !orderTerms.isEmpty {
            sql += " ORDER BY " + orderTerms.joined(separator: ", ")
        } else if !isAggregate {
            sql += " ORDER BY \(dialect.insertionOrder(of: main))"
        }
        if query.limit != nil || query.offset != nil {
            let limit = query.limit.map { builder.parameter(.integer(Int64($0))) }
            let offset = query.offset.map { builder.parameter(.integer(Int64($0))) }
            sql += " " + dialect.limitClause(limit: limit, offset: offset)
        }
        return CompiledQuery(sql: sql, arguments: builder.arguments, columns: outputs.map(\.name), kinds: kinds)
    }

    /// The number of rows the query would return (limit and offset applied).
    public func compileCount(_ query: RecordQuery) throws -> CompiledQuery {
        let inner = try compile(query)
        return CompiledQuery(
            sql: "SELECT COUNT(*) FROM (\(inner.sql)) counted", arguments: inner.arguments, columns: ["n"],
            kinds: [.plain])
    }

    /// The collection named `name`, if the reader may read it; else an error naming the
    /// valid ones or the policy.
    public func collection(_ name: String) throws -> Collection {
        guard let collection = schema.collection(name) else {
            throw QueryError(
                "unknown collection '\(name)' (valid: \(schema.collections.map(\.name).joined(separator: ", ")))")
        }
        try access.checkRead(name)
        return collection
    }
}

/// Where a path is being resolved: a collection under an alias, with the joins made so
/// far. A scope may share its joins with another (`sharing:`), so joins made while
/// following a path from a joined table still land in the query's FROM clause.
final class Scope {
    let collection: Collection
    let alias: String
    private let owner: Scope?
    private var joins: [String] = []
    private var aliasesByPath: [String: (alias: String, collection: Collection)] = [:]

    init(collection: Collection, alias: String, sharing owner: Scope? = nil) {
        self.collection = collection
        self.alias = alias
        self.owner = owner.map { $0.owner ?? $0 }
    }

    var joinClause: String { (owner ?? self).joins.map { " " + $0 }.joined() }

    /// The alias of the table a to-one step reaches, joining it the first time.
    func joined(_ path: String, make: () -> (join: String, alias: String, collection: Collection)) -> (
        alias: String, collection: Collection
    ) {
        let key = "\(alias)/\(path)"
        if let owner { return owner.joined(key, make: make) }
        if let existing = aliasesByPath[key] { return existing }
        let made = make()
        joins.append(made.join)
        aliasesByPath[key] = (made.alias, made.collection)
        return (made.alias, made.collection)
    }

    func addJoin(_ join: String) {
        if let owner { owner.addJoin(join) } else { joins.append(join) }
    }
}
