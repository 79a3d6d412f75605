import DuchaModel

/// Compiles the parts of one query: paths, conditions and aggregates, collecting the
/// bound arguments in order and numbering table aliases.
final class SQLBuilder {
    let compiler: QueryCompiler
    private(set) var arguments: [QueryValue] = []
    private var aliasCount = 0

    init(compiler: QueryCompiler) { self.compiler = compiler }

    private var dialect: any SQLDialect { compiler.dialect }
    private var schema: Schema { compiler.schema }

    func newAlias() -> String {
        aliasCount += 1
        return "t\(aliasCount)"
    }

    /// A placeholder bound to `value`.
    func parameter(_ value: QueryValue) -> String {
        arguments.append(value)
        return dialect.placeholder(arguments.count)
    }

    // MARK: Paths

    /// What one step of a path leads to.
    private enum Step {
        /// A value: the path ends here.
        case value(expression: String, field: Field?)
        /// A record reached through a to-one relationship.
        case record(alias: String, collection: Collection)
        /// A derived field: continue along its definition instead.
        case expand(String)
        /// Any number of related records or values.
        case toMany(ToMany)
    }

    /// A to-many step: the rows it reaches, and how they link to the record before it.
    private struct ToMany {
        let from: String
        let link: String
        let target: (alias: String, collection: Collection)?
        /// The value the step itself stands for (a code, or the related record's id).
        let value: String
        let field: Field?
        /// The order the values are listed in.
        let order: String
        /// Whether `from` joins two tables rather than naming one.
        var isJoin = false
    }

    private func step(
        _ name: String, from collection: Collection, alias: String, scope: Scope, prefix: String, isLast: Bool
    ) throws -> Step {
        let quote = dialect.quote
        if let field = collection.field(name) {
            if let derivation = field.derivation {
                switch derivation {
                case .path(let path): return .expand(path)
                case .overdue: return .value(expression: overdue(alias), field: field)
                }
            }
            switch field.type {
            case .reference where isLast:
                return .value(expression: column(alias, field, in: collection), field: field)
            case .reference(let target):
                let targetCollection = try compiler.collection(target)
                let reached = scope.joined(prefix) {
                    let joined = newAlias()
                    let join =
                        "LEFT JOIN \(quote(target)) \(joined) ON \(joined).\(dialect.quote("id")) = \(alias).\(quote(field.name))"
                    return (join, joined, targetCollection)
                }
                return .record(alias: reached.alias, collection: reached.collection)
            case .references where isLast, .codes:
                // The ids themselves: no need to reach, or be allowed to read, the records.
                let values = newAlias()
                return .toMany(
                    ToMany(
                        from: "\(quote(StorageLayout.valuesTable(collection, field))) \(values)",
                        link: "\(values).\(dialect.quote("owner")) = \(alias).\(dialect.quote("id"))", target: nil,
                        value: "\(values).\(dialect.quote("value"))",
                        field: field, order: "\(values).\(dialect.quote("position"))"))
            case .references(let target):
                let values = newAlias()
                let targetCollection = try compiler.collection(target)
                let joined = newAlias()
                return .toMany(
                    ToMany(
                        from: "\(quote(StorageLayout.valuesTable(collection, field))) \(values) "
                            + "JOIN \(quote(target)) \(joined) ON \(joined).\(dialect.quote("id")) = \(values).\(dialect.quote("value"))",
                        link: "\(values).\(dialect.quote("owner")) = \(alias).\(dialect.quote("id"))",
                        target: (joined, targetCollection),
                        value: "\(values).\(dialect.quote("value"))", field: field,
                        order: "\(values).\(dialect.quote("position"))", isJoin: true))
            default:
                return .value(expression: column(alias, field, in: collection), field: field)
            }
        }
        if let reverse = QueryCompiler.reverseToOne["\(collection.name).\(name)"] {
            let source = try compiler.collection(reverse.collection)
            let reached = scope.joined(prefix) {
                let joined = newAlias()
                let join =
                    "LEFT JOIN \(quote(source.name)) \(joined) ON \(joined).\(quote(reverse.field)) = \(alias).\(dialect.quote("id"))"
                return (join, joined, source)
            }
            return .record(alias: reached.alias, collection: reached.collection)
        }
        if schema.collection(name) != nil {
            let source = try compiler.collection(name)
            return .toMany(try backward(from: source, to: collection, alias: alias))
        }
        let fields = collection.fields.map(\.name)
        let reverse = QueryCompiler.reverseToOne.keys.filter { $0.hasPrefix(collection.name + ".") }
            .map { String($0.dropFirst(collection.name.count + 1)) }
        let related = schema.collections(pointingInto: collection.name)
        throw QueryError(
            "unknown field '\(name)' in \(collection.name) (valid: \((fields + reverse + related).joined(separator: ", ")))"
        )
    }

    /// The records of `source` that refer to a record of `target` (`units.findings`).
    private func backward(from source: Collection, to target: Collection, alias: String) throws -> ToMany {
        let quote = dialect.quote
        var links = schema.relationships(into: target.name).filter { $0.collection.name == source.name }
        // Several ways in: the one to-one reference is the natural one (bodies.inspections
        // follows an inspection's lead body, not its joint bodies).
        if links.count > 1 {
            let inline = links.filter { $0.field.isStoredInline }
            if inline.count == 1 { links = inline }
        }
        guard links.count == 1, let field = links.first?.field else {
            let reason =
                links.isEmpty
                ? "\(source.name) do not refer to \(target.name)"
                : "\(source.name) refer to \(target.name) in several ways (\(links.map(\.field.name).joined(separator: ", ")))"
            throw QueryError("cannot follow '\(source.name)' from \(target.name): \(reason)")
        }
        let joined = newAlias()
        if field.isStoredInline {
            return ToMany(
                from: "\(quote(source.name)) \(joined)",
                link: "\(joined).\(quote(field.name)) = \(alias).\(dialect.quote("id"))",
                target: (joined, source), value: "\(joined).\(dialect.quote("id"))", field: nil,
                order: "\(joined).\(dialect.quote("id"))")
        }
        let values = newAlias()
        return ToMany(
            from: "\(quote(StorageLayout.valuesTable(source, field))) \(values) "
                + "JOIN \(quote(source.name)) \(joined) ON \(joined).\(dialect.quote("id")) = \(values).\(dialect.quote("owner"))",
            link: "\(values).\(dialect.quote("value")) = \(alias).\(dialect.quote("id"))", target: (joined, source),
            value: "\(joined).\(dialect.quote("id"))",
            field: nil, order: "\(joined).\(dialect.quote("id"))", isJoin: true)
    }

    private func column(_ alias: String, _ field: Field, in collection: Collection) -> String {
        let expression = "\(alias).\(dialect.quote(field.name))"
        guard field.type == .text, collection.sensitivity(of: field) > compiler.clearance else { return expression }
        return "\(QueryCompiler.pseudonymFunction)(\(expression))"
    }

    private func overdue(_ alias: String) -> String {
        "(CASE WHEN \(alias).\(dialect.quote("due_on")) < \(parameter(.text(compiler.asOf))) "
            + "AND \(alias).\(dialect.quote("status")) NOT IN ('done', 'verified') THEN 1 ELSE 0 END)"
    }

    /// The expression of a path that reaches one value per record (to-one steps only).
    func scalar(_ path: String, _ scope: Scope) throws -> String { try scalarWithField(path, scope).expression }

    /// A path as a result column: a to-one path's value, or (when lists are allowed) a
    /// to-many path's values as one list, in their stored order.
    func selectable(_ path: String, _ scope: Scope, allowingLists: Bool) throws -> (
        expression: String, kind: ColumnKind
    ) {
        switch try walk(path, scope) {
        case .value(let expression, let field):
            return (expression, field?.type == .boolean ? .boolean : .plain)
        case .toMany(let toMany, let step, let rest):
            guard allowingLists else {
                throw QueryError("'\(path)' is a to-many path (at '\(step)'): use it in where or count_distinct")
            }
            let inner = toMany.target.map { Scope(collection: $0.collection, alias: $0.alias) }
            var value = toMany.value
            if !rest.isEmpty {
                guard let inner else { throw QueryError("'\(path)': codes have no fields to follow") }
                value = try scalar(rest.joined(separator: "."), inner)
            }
            let listed = newAlias()
            let rows =
                "SELECT \(value) AS \(dialect.quote("v")) FROM \(toMany.from)\(inner?.joinClause ?? "") WHERE \(toMany.link) ORDER BY \(toMany.order)"
            return (
                "(SELECT \(dialect.listAggregate("\(listed).\(dialect.quote("v"))")) FROM (\(rows)) \(listed))", .list
            )
        }
    }

    /// The expression of a to-one path, and the field it ends at.
    func scalarWithField(_ path: String, _ scope: Scope) throws -> (expression: String, field: Field?) {
        switch try walk(path, scope) {
        case .value(let expression, let field): return (expression, field)
        case .toMany(_, let step, _):
            throw QueryError("'\(path)' is a to-many path (at '\(step)'): use it in where or count_distinct")
        }
    }

    /// Where a path leads: a value, or a to-many step with the rest of the path after it.
    private enum Walk {
        case value(String, Field?)
        case toMany(ToMany, step: String, rest: [String])
    }

    private func walk(_ path: String, _ scope: Scope) throws -> Walk {
        var steps = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.isEmpty, steps.allSatisfy({ !$0.isEmpty }) else { throw QueryError("empty step in path '\(path)'") }
        var collection = scope.collection
        var alias = scope.alias
        var prefix = ""
        var index = 0
        while index < steps.count {
            let name = steps[index]
            prefix += (prefix.isEmpty ? "" : ".") + name
            let isLast = index == steps.count - 1
            switch try step(name, from: collection, alias: alias, scope: scope, prefix: prefix, isLast: isLast) {
            case .expand(let definition):
                steps.replaceSubrange(index...index, with: definition.split(separator: ".").map(String.init))
                prefix = String(prefix.dropLast(name.count))
                if prefix.hasSuffix(".") { prefix.removeLast() }
                continue
            case .value(let expression, let field):
                guard index == steps.count - 1 else {
                    throw QueryError("'\(name)' in '\(path)' is a value, not a relationship to follow")
                }
                return .value(expression, field)
            case .record(let reached, let reachedCollection):
                if index == steps.count - 1 {
                    return .value("\(reached).\(dialect.quote("id"))", reachedCollection.field("id"))
                }
                alias = reached
                collection = reachedCollection
            case .toMany(let toMany):
                return .toMany(toMany, step: name, rest: Array(steps[(index + 1)...]))
            }
            index += 1
        }
        return .value("\(alias).\(dialect.quote("id"))", collection.field("id"))
    }

    // MARK: Conditions

    func condition(_ filter: QueryFilter, _ scope: Scope) throws -> String {
        switch filter {
        case .all(let filters):
            return filters.isEmpty
                ? "1 = 1" : "(" + (try filters.map { try condition($0, scope) }).joined(separator: " AND ") + ")"
        case .any(let filters):
            return filters.isEmpty
                ? "1 = 0" : "(" + (try filters.map { try condition($0, scope) }).joined(separator: " OR ") + ")"
        case .comparison(let path, let op, let values):
            return try comparison(path, op, values, scope)
        case .fieldComparison(let path, let op, let other):
            return try fieldComparison(path, op, other, scope)
        }
    }

    /// Two fields of one record compared; both must be to-one paths holding values of one kind.
    private func fieldComparison(_ path: String, _ op: QueryOperator, _ other: String, _ scope: Scope) throws
        -> String
    {
        let (left, leftField) = try scalarWithField(path, scope)
        let (right, rightField) = try scalarWithField(other, scope)
        let leftKind = Self.comparableKind(leftField)
        let rightKind = Self.comparableKind(rightField)
        guard leftKind == rightKind else {
            throw QueryError("cannot compare '\(path)' (\(leftKind)) with '\(other)' (\(rightKind))")
        }
        switch op {
        case .equal: return "\(left) = \(right)"
        case .notEqual: return "(\(left) <> \(right) OR (\(left) IS NULL) <> (\(right) IS NULL))"
        case .less: return "\(left) < \(right)"
        case .lessOrEqual: return "\(left) <= \(right)"
        case .greater: return "\(left) > \(right)"
        case .greaterOrEqual: return "\(left) >= \(right)"
        default:
            throw QueryError("'\(op.rawValue)' cannot compare two fields ('\(path)', '\(other)'): use = ~= < <= > >=")
        }
    }

    /// What a field's values are, for checking that two fields can be compared.
    private static func comparableKind(_ field: Field?) -> String {
        switch field?.type {
        case .date?, .dateTime?: "dates"
        case .integer?: "numbers"
        case .boolean?: "booleans"
        case .code(let kind)?, .codes(let kind)?: "\(kind) codes"
        case .reference(let target)?, .references(let target)?: "ids of \(target)"
        case .text?, .identifier?, nil: "text"
        }
    }

    private func comparison(_ path: String, _ op: QueryOperator, _ values: [QueryValue], _ scope: Scope) throws
        -> String
    {
        switch try walk(path, scope) {
        case .value(let expression, let field):
            return try compare(expression, field, op, values, path: path, in: scope.collection)
        case .toMany(let toMany, _, let rest):
            let inner: Scope
            if let target = toMany.target {
                inner = Scope(collection: target.collection, alias: target.alias)
            } else {
                inner = Scope(collection: scope.collection, alias: scope.alias)
            }
            let matching: String?
            if rest.isEmpty {
                if op == .isNull || op == .notNull {
                    let exists = "EXISTS (SELECT 1 FROM \(toMany.from) WHERE \(toMany.link))"
                    return op == .isNull ? "NOT \(exists)" : exists
                }
                matching = try compare(toMany.value, toMany.field, op, values, path: path, in: scope.collection)
            } else {
                guard toMany.target != nil else { throw QueryError("'\(path)': codes have no fields to follow") }
                matching = try comparison(rest.joined(separator: "."), op, values, inner)
            }
            let condition = [toMany.link, matching].compactMap { $0 }.joined(separator: " AND ")
            return "EXISTS (SELECT 1 FROM \(toMany.from)\(inner === scope ? "" : inner.joinClause) WHERE \(condition))"
        }
    }

    private func compare(
        _ expression: String, _ field: Field?, _ op: QueryOperator, _ given: [QueryValue], path: String,
        in collection: Collection
    ) throws -> String {
        let values: [QueryValue]
        do {
            values = try operands(given, for: field, op, path: path)
        } catch let error as QueryError {
            // `where("due_on", "<", "completed_on")` means the field, but says the text.
            guard let named = given.lazy.compactMap(\.text).first(where: { collection.field($0) != nil }) else {
                throw error
            }
            throw QueryError("\(error.message); to compare with the field, write ducha.field(\"\(named)\")")
        }
        if field?.type == .dateTime, let days = wholeDays(given), let condition = dayCondition(expression, op, days) {
            return condition
        }
        func one() throws -> QueryValue {
            guard values.count == 1 else {
                throw QueryError("'\(op.rawValue)' on '\(path)' takes one value, got \(values.count)")
            }
            return values[0]
        }
        switch op {
        case .equal:
            let value = try one()
            return value == .null ? "\(expression) IS NULL" : "\(expression) = \(parameter(value))"
        case .notEqual:
            let value = try one()
            return value == .null
                ? "\(expression) IS NOT NULL" : "(\(expression) IS NULL OR \(expression) <> \(parameter(value)))"
        case .less: return "\(expression) < \(parameter(try one()))"
        case .lessOrEqual: return "\(expression) <= \(parameter(try one()))"
        case .greater: return "\(expression) > \(parameter(try one()))"
        case .greaterOrEqual: return "\(expression) >= \(parameter(try one()))"
        case .like: return "\(expression) LIKE \(parameter(try one()))"
        case .in:
            return values.isEmpty ? "1 = 0" : "\(expression) IN (\(values.map(parameter).joined(separator: ", ")))"
        case .notIn:
            return values.isEmpty
                ? "1 = 1"
                : "(\(expression) IS NULL OR \(expression) NOT IN (\(values.map(parameter).joined(separator: ", "))))"
        case .between:
            guard values.count == 2 else {
                throw QueryError("'between' on '\(path)' takes two values, got \(values.count)")
            }
            return "\(expression) BETWEEN \(parameter(values[0])) AND \(parameter(values[1]))"
        case .isNull: return "\(expression) IS NULL"
        case .notNull: return "\(expression) IS NOT NULL"
        }
    }

    /// The days `values` name, when each is a date without a time.
    private func wholeDays(_ values: [QueryValue]) -> [CalendarDate]? {
        let days = values.compactMap { $0.text.flatMap { CalendarDate(parsing: $0, defaultYear: compiler.asOfYear) } }
        return days.count == values.count ? days : nil
    }

    /// A date and time compared with whole days, as people mean it: `<=` a day includes
    /// that day, `=` a day means during it. Nil where midnight already means that.
    private func dayCondition(_ expression: String, _ op: QueryOperator, _ days: [CalendarDate]) -> String? {
        func start(_ day: CalendarDate) -> String { parameter(.text("\(day)T00:00")) }
        func end(_ day: CalendarDate) -> String {
            // The calendar's last day has no next day to start; `T24:00` still sorts after its every time.
            guard (day.year, day.month, day.day) != (9999, 12, 31) else { return parameter(.text("\(day)T24:00")) }
            return start(day.adding(days: 1))
        }
        switch (op, days.count) {
        case (.equal, 1): return "(\(expression) >= \(start(days[0])) AND \(expression) < \(end(days[0])))"
        case (.notEqual, 1):
            return "(\(expression) IS NULL OR \(expression) < \(start(days[0])) OR \(expression) >= \(end(days[0])))"
        case (.lessOrEqual, 1): return "\(expression) < \(end(days[0]))"
        case (.greater, 1): return "\(expression) >= \(end(days[0]))"
        case (.between, 2): return "(\(expression) >= \(start(days[0])) AND \(expression) < \(end(days[1])))"
        default: return nil
        }
    }

    /// The values an operator compares `field` with, as the field stores them. `like` takes
    /// a pattern (text, not read as the field's type); nil only means "no value" to `=` and
    /// `~=`, since any other comparison with it matches nothing.
    private func operands(_ values: [QueryValue], for field: Field?, _ op: QueryOperator, path: String) throws
        -> [QueryValue]
    {
        switch op {
        case .isNull, .notNull:
            guard values.isEmpty else {
                throw QueryError("'\(op.rawValue)' on '\(path)' takes no value, got \(values.count)")
            }
            return []
        case .like:
            guard values.count == 1, case .text = values[0] else {
                throw QueryError("'like' on '\(path)' takes one pattern as text (such as '%关卡%')")
            }
            return values
        case .equal, .notEqual:
            break
        default:
            if values.contains(.null) {
                throw QueryError("'\(op.rawValue)' on '\(path)' cannot compare with nil: use is_null or not_null")
            }
        }
        guard let field else { return values }
        let reader = FilterValueReader(
            validator: RecordValidator(taxonomy: compiler.taxonomy, defaultYear: compiler.asOfYear),
            lookup: compiler.referenceLookup)
        return try values.map { try reader.read($0, for: field, path: path) }
    }

    // MARK: Aggregates

    func needsFanOut(_ aggregate: QueryAggregate, _ scope: Scope) throws -> Bool {
        guard case .countDistinct(let path) = aggregate else { return false }
        // Walked by a builder of its own: a walk binds parameters (`overdue` the as-of date),
        // and this one's SQL is thrown away.
        let probe = SQLBuilder(compiler: compiler)
        if case .toMany = try probe.walk(path, Scope(collection: scope.collection, alias: scope.alias)) { return true }
        return false
    }

    func aggregate(_ aggregate: QueryAggregate, _ scope: Scope, fanOut: Bool) throws -> String {
        let key = "\(scope.alias).\(dialect.quote("id"))"
        switch aggregate {
        case .count(nil):
            return fanOut ? "COUNT(DISTINCT \(key))" : "COUNT(*)"
        case .count(let filter?):
            let condition = try condition(filter, scope)
            return fanOut
                ? "COUNT(DISTINCT CASE WHEN \(condition) THEN \(key) END)"
                : "COALESCE(SUM(CASE WHEN \(condition) THEN 1 ELSE 0 END), 0)"
        case .countDistinct(let path):
            return "COUNT(DISTINCT \(try fannedOut(path, scope)))"
        case .sum(let path), .average(let path):
            if fanOut { throw QueryError("sum and avg cannot be combined with count_distinct over a to-many path") }
            let function = if case .sum = aggregate { "SUM" } else { "AVG" }
            return "\(function)(\(try scalar(path, scope)))"
        case .minimum(let path): return "MIN(\(try scalar(path, scope)))"
        case .maximum(let path): return "MAX(\(try scalar(path, scope)))"
        }
    }

    /// A path's value with its to-many steps joined in (one row per related value).
    private func fannedOut(_ path: String, _ scope: Scope) throws -> String {
        switch try walk(path, scope) {
        case .value(let expression, _): return expression
        case .toMany(let toMany, _, let rest):
            // SQLite hides the alias of a lone table in parentheses: only a join is bracketed.
            let joined = toMany.isJoin ? "(\(toMany.from))" : toMany.from
            scope.addJoin("LEFT JOIN \(joined) ON \(toMany.link)")
            guard let target = toMany.target, !rest.isEmpty else { return toMany.value }
            return try fannedOut(
                rest.joined(separator: "."), Scope(collection: target.collection, alias: target.alias, sharing: scope))
        }
    }
}
