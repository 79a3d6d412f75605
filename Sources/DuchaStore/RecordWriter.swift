import DuchaModel
import Foundation
import GRDB

/// The writes scripts make: inserts, updates and deletes of records, each validated by
/// the model, checked against references at once, and audited, inside a transaction the
/// caller holds open on `db`.
///
/// Writing a field above the reader's clearance is refused: a value written and read
/// back as a pseudonym, compared with the pseudonym of a stored one, would confirm a
/// guess at a value the reader may not see.
public struct RecordWriter {
    public let store: Store
    public let compiler: QueryCompiler
    public let validator: RecordValidator
    /// Who the audit trail names.
    public let user: String

    public init(store: Store, compiler: QueryCompiler, validator: RecordValidator, user: String) {
        self.store = store
        self.compiler = compiler
        self.validator = validator
        self.user = user
    }

    /// Inserts one record; returns its id.
    @discardableResult
    public func insert(_ record: Record, in db: Database) throws -> String {
        try checkClearance(writing: record.values.keys, of: compiler.collection(record.collection))
        let inserter = RecordInserter(db: db, layout: store.layout, validator: validator)
        try inserter.insert(record)
        if !inserter.issues.isEmpty { throw WriteRejection(issues: inserter.issues) }
        let id = record.id ?? ""
        try AuditTrail.append(
            in: db, user: user, action: "insert", collection: record.collection, record: id,
            detail: Self.json(record.values))
        return id
    }

    /// Sets `values` on every record the query selects; returns how many.
    @discardableResult
    public func update(_ query: RecordQuery, set values: [String: FieldValue], in db: Database) throws -> Int {
        let collection = try compiler.collection(query.collection)
        try checkClearance(writing: values.keys, of: collection)
        var issues: [RecordIssue] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let field = collection.field(name), name != "id" else {
                let reason = name == "id" ? "an id cannot be changed" : "unknown field"
                issues.append(RecordIssue(collection: collection.name, field: name, value: value.text, reason: reason))
                continue
            }
            issues += validator.issues(with: value, for: field, in: collection)
        }
        if !issues.isEmpty { throw WriteRejection(issues: issues.map { (0, $0) }) }
        let ids = try selectedIds(query, in: db)
        let dialect = store.dialect
        let inline = values.keys.sorted().compactMap { collection.field($0) }.filter(\.isStoredInline)
        let many = values.keys.sorted().compactMap { collection.field($0) }.filter { !$0.isStoredInline }
        for id in ids {
            if !inline.isEmpty {
                let assignments = inline.enumerated().map {
                    "\(dialect.quote($1.name)) = \(dialect.placeholder($0 + 1))"
                }
                let arguments = inline.map { Self.databaseValue(values[$0.name]!) } + [id.databaseValue]
                try execute(
                    db,
                    "UPDATE \(dialect.quote(collection.name)) SET \(assignments.joined(separator: ", "))"
                        + " WHERE \(dialect.quote("id")) = \(dialect.placeholder(inline.count + 1))",
                    arguments, collection, values)
            }
            for field in many {
                let table = dialect.quote(StorageLayout.valuesTable(collection, field))
                try db.execute(
                    sql: "DELETE FROM \(table) WHERE \(dialect.quote("owner")) = \(dialect.placeholder(1))",
                    arguments: [id])
                guard case .list(let items) = values[field.name]! else { continue }
                for (offset, item) in items.enumerated() {
                    try execute(
                        db, store.layout.valuesInsertion(collection, field),
                        [id.databaseValue, item.databaseValue, (offset + 1).databaseValue], collection, values)
                }
            }
        }
        try AuditTrail.append(
            in: db, user: user, action: "update", collection: collection.name, record: Self.summary(ids),
            detail: Self.json(values))
        return ids.count
    }

    /// Deletes every record the query selects; refused while other records refer to one.
    @discardableResult
    public func delete(_ query: RecordQuery, in db: Database) throws -> Int {
        let collection = try compiler.collection(query.collection)
        let ids = try selectedIds(query, in: db)
        for id in ids {
            do {
                let dialect = store.dialect
                try db.execute(
                    sql:
                        "DELETE FROM \(dialect.quote(collection.name)) WHERE \(dialect.quote("id")) = \(dialect.placeholder(1))",
                    arguments: [id])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                let referrers = try referrers(of: id, in: collection, db: db)
                throw WriteRejection(issues: [
                    (
                        0,
                        RecordIssue(
                            collection: collection.name, field: "id", value: id,
                            reason: "cannot be deleted: still referred to by \(referrers.joined(separator: ", "))")
                    )
                ])
            }
        }
        try AuditTrail.append(
            in: db, user: user, action: "delete", collection: collection.name, record: Self.summary(ids), detail: nil)
        return ids.count
    }

    /// Refuses to write any of the fields `names` above the reader's clearance, naming
    /// the grant, or the plugin's permission, that writing them needs.
    private func checkClearance(writing names: some Sequence<String>, of collection: Collection) throws {
        let fields = names.sorted().compactMap { collection.field($0) }
        guard let tier = fields.map(collection.sensitivity(of:)).filter({ $0 > compiler.clearance }).max() else {
            return
        }
        let written =
            collection.sensitivity > compiler.clearance
            ? "\(collection.name) (a \(collection.sensitivity) collection)"
            : fields.filter { collection.sensitivity(of: $0) > compiler.clearance }
                .map { "\(collection.name).\($0.name) (\(collection.sensitivity(of: $0)))" }.joined(separator: ", ")
        let holder = compiler.access.holder
        if holder.isEmpty {
            throw QueryError(
                "writing \(written) needs the \(tier) grant (add \"\(tier)\" to identity.grants in ducha.toml)")
        }
        if tier > Sensitivity.confidential {
            throw QueryError("\(holder) may not write \(written): plugins never see \(tier) values")
        }
        throw QueryError(
            "\(holder) may not write \(written): that needs confidential = true in plugin.toml and the user's "
                + "confidential grant")
    }

    private func selectedIds(_ query: RecordQuery, in db: Database) throws -> [String] {
        var selection = query
        selection.selection = ["id"]
        selection.grouping = []
        selection.aggregates = []
        let compiled = try compiler.compile(selection)
        let arguments = StatementArguments(compiled.arguments.map(\.databaseValue))
        return try String.fetchAll(db, sql: compiled.sql, arguments: arguments)
    }

    private func execute(
        _ db: Database, _ sql: String, _ arguments: [DatabaseValue], _ collection: Collection,
        _ values: [String: FieldValue]
    ) throws {
        do {
            try db.execute(sql: sql, arguments: StatementArguments(arguments))
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            let missing = try values.sorted(by: { $0.key < $1.key }).flatMap { name, value -> [RecordIssue] in
                guard let target = collection.field(name)?.referencedCollection else { return [] }
                let ids: [String] = if case .list(let list) = value { list } else { [value.text] }
                return try ids.filter { id in
                    try Int.fetchOne(
                        db,
                        sql:
                            "SELECT 1 FROM \(store.dialect.quote(target)) WHERE \(store.dialect.quote("id")) = \(store.dialect.placeholder(1))",
                        arguments: [id]) == nil
                }.map {
                    RecordIssue(
                        collection: collection.name, field: name, value: $0, reason: "no such record in \(target)")
                }
            }
            throw WriteRejection(issues: missing.map { (0, $0) })
        }
    }

    private func referrers(of id: String, in collection: Collection, db: Database) throws -> [String] {
        try store.schema.relationships(into: collection.name).compactMap { source, field in
            let table = field.isStoredInline ? source.name : StorageLayout.valuesTable(source, field)
            let column = field.isStoredInline ? field.name : "value"
            let count =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM \(store.dialect.quote(table)) WHERE \(store.dialect.quote(column)) = \(store.dialect.placeholder(1))",
                    arguments: [id]) ?? 0
            return count > 0 ? "\(count) of \(source.name) (\(field.name))" : nil
        }
    }

    static func databaseValue(_ value: FieldValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .text(let text): text.databaseValue
        case .integer(let integer): integer.databaseValue
        case .boolean(let flag): (flag ? 1 : 0).databaseValue
        case .list(let items): items.joined(separator: ";").databaseValue
        }
    }

    private static func summary(_ ids: [String]) -> String {
        ids.count <= 20 ? ids.joined(separator: ",") : ids.prefix(20).joined(separator: ",") + ",… (\(ids.count))"
    }

    private static func json(_ values: [String: FieldValue]) -> String {
        let object = values.mapValues(\.jsonObject)
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
