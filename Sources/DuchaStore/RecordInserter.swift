import DuchaModel
import GRDB

/// Validates and inserts records one by one inside a write transaction: types, codes,
/// required fields, duplicate ids and references to records that exist (in the database
/// or earlier in the same write). References within a collection may point forward;
/// they are checked when the write finishes.
public final class RecordInserter {
    private let db: Database
    private let layout: StorageLayout
    private let validator: RecordValidator
    private var statements: [String: Statement] = [:]
    private var knownIds: [String: Set<String>] = [:]
    private var forwardReferences: [(record: Int, collection: String, field: String, target: String, id: String)] = []
    private(set) var issues: [(record: Int, issue: RecordIssue)] = []
    private var position = 0

    init(db: Database, layout: StorageLayout, validator: RecordValidator) {
        self.db = db
        self.layout = layout
        self.validator = validator
    }

    /// Whether any record so far was refused.
    public var hasIssues: Bool { !issues.isEmpty }

    /// Validates `record` and, if it is valid, inserts it.
    public func insert(_ record: Record) throws {
        defer { position += 1 }
        guard let collection = layout.schema.collection(record.collection) else {
            let valid = layout.schema.collections.map(\.name).joined(separator: ", ")
            issues.append(
                (position, RecordIssue(collection: record.collection, field: "", value: nil, reason: "unknown collection (valid: \(valid))")))
            return
        }
        var found = validator.issues(with: record.values, in: collection)
        if found.isEmpty { found = try referenceIssues(record, collection) }
        guard found.isEmpty else {
            issues += found.map { (position, $0) }
            return
        }
        try write(record, collection)
    }

    /// Checks the forward references; the write is valid when this returns no issues.
    func finish() throws -> [(record: Int, issue: RecordIssue)] {
        for reference in forwardReferences where try !exists(reference.id, in: reference.target) {
            issues.append(
                (reference.record, RecordIssue(
                    collection: reference.collection, field: reference.field, value: reference.id,
                    reason: "no such record in \(reference.target)")))
        }
        return issues.sorted { $0.record < $1.record }
    }

    private func referenceIssues(_ record: Record, _ collection: Collection) throws -> [RecordIssue] {
        var found: [RecordIssue] = []
        if let id = record.id, try exists(id, in: collection.name) {
            found.append(RecordIssue(collection: collection.name, field: "id", value: id, reason: "duplicate id"))
        }
        for field in collection.fields {
            guard field.derivation == nil, let target = field.referencedCollection else { continue }
            let ids: [String]
            switch record.values[field.name] {
            case .text(let id): ids = [id]
            case .list(let list): ids = list
            default: continue
            }
            for id in ids where try !exists(id, in: target) {
                if target == collection.name {
                    forwardReferences.append((position, collection.name, field.name, target, id))
                } else {
                    found.append(
                        RecordIssue(collection: collection.name, field: field.name, value: id, reason: "no such record in \(target)"))
                }
            }
        }
        return found
    }

    private func exists(_ id: String, in collection: String) throws -> Bool {
        if knownIds[collection] == nil {
            let sql = "SELECT id FROM \(layout.dialect.quote(collection))"
            knownIds[collection] = Set(try String.fetchAll(db, sql: sql))
        }
        return knownIds[collection]!.contains(id)
    }

    private func write(_ record: Record, _ collection: Collection) throws {
        let fields = collection.inlineFields
        let statement = try insertStatement(collection, fields)
        try statement.execute(arguments: StatementArguments(fields.map { Self.databaseValue(record.values[$0.name]) }))
        guard let id = record.id else { return }
        _ = try exists(id, in: collection.name)
        knownIds[collection.name]!.insert(id)
        for field in collection.manyValuedFields {
            guard case .list(let values) = record.values[field.name] else { continue }
            let table = StorageLayout.valuesTable(collection, field)
            let valueStatement = try cachedStatement(
                table, "INSERT OR IGNORE INTO \(layout.dialect.quote(table)) (owner, value, position) VALUES (?, ?, ?)")
            for (offset, value) in values.enumerated() {
                try valueStatement.execute(arguments: [id, value, offset + 1])
            }
        }
    }

    private func insertStatement(_ collection: Collection, _ fields: [Field]) throws -> Statement {
        let columns = fields.map { layout.dialect.quote($0.name) }.joined(separator: ", ")
        let placeholders = fields.indices.map { layout.dialect.placeholder($0 + 1) }.joined(separator: ", ")
        return try cachedStatement(
            collection.name, "INSERT INTO \(layout.dialect.quote(collection.name)) (\(columns)) VALUES (\(placeholders))")
    }

    private func cachedStatement(_ key: String, _ sql: String) throws -> Statement {
        if let statement = statements[key] { return statement }
        let statement = try db.makeStatement(sql: sql)
        statements[key] = statement
        return statement
    }

    static func databaseValue(_ value: FieldValue?) -> DatabaseValue {
        switch value {
        case .none, .null: .null
        case .text(let text): text.databaseValue
        case .integer(let integer): integer.databaseValue
        case .boolean(let flag): (flag ? 1 : 0).databaseValue
        case .list(let items): items.joined(separator: ";").databaseValue
        }
    }
}

extension Store {
    /// Validates and inserts records in one transaction: if any record is refused nothing
    /// is written and the rejection lists every problem.
    public func write(validator: RecordValidator? = nil, _ body: (RecordInserter) throws -> Void) throws {
        let validator = try validator ?? RecordValidator(taxonomy: taxonomy())
        try database.write { db in
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            let inserter = RecordInserter(db: db, layout: layout, validator: validator)
            try body(inserter)
            let issues = try inserter.finish()
            if !issues.isEmpty { throw WriteRejection(issues: issues) }
        }
    }

    /// Validates and inserts `records`; see ``write(validator:_:)``.
    public func insert(_ records: [Record], validator: RecordValidator? = nil) throws {
        try write(validator: validator) { inserter in
            for record in records { try inserter.insert(record) }
        }
    }
}
