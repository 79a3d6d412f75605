import DuchaModel
import GRDB
import GRDBSQLite

/// Validates and inserts records one by one inside a write transaction.
///
/// The model checks each record's values (types, codes, dates, required fields); SQLite
/// checks ids and references: a duplicate id fails its insert at once, and references
/// are checked when the transaction commits (so they may point forward within the
/// write). Only when a commit fails are the broken references traced back to their
/// records, so a valid bulk load pays nothing for the diagnosis.
public final class RecordInserter {
    /// The write's connection: what the writer adds beside the records (an audit entry)
    /// commits or rolls back with them.
    let db: Database
    private let layout: StorageLayout
    private let validator: RecordValidator
    private var plans: [String: InsertPlan] = [:]
    public private(set) var issues: [(record: Int, issue: RecordIssue)] = []
    private var position = 0

    /// How records of one collection are written, prepared once per write.
    private final class InsertPlan {
        let collection: Collection
        let inlineFields: [Field]
        let insert: Statement
        let values: [(field: Field, insert: Statement)]
        /// The largest rowid before this write: new rows follow it in insertion order.
        let rowidBefore: Int64
        /// The write position of each new row, by rowid order.
        var positions: [Int] = []

        init(
            collection: Collection, inlineFields: [Field], insert: Statement, values: [(Field, Statement)],
            rowidBefore: Int64
        ) {
            self.collection = collection
            self.inlineFields = inlineFields
            self.insert = insert
            self.values = values
            self.rowidBefore = rowidBefore
        }
    }

    /// An inserter inside a transaction the caller opened on `db`.
    public init(db: Database, layout: StorageLayout, validator: RecordValidator) {
        self.db = db
        self.layout = layout
        self.validator = validator
    }

    /// Set by ``refuse()``: the write must not commit.
    private(set) var refused = false

    /// Whether any record so far was refused.
    public var hasIssues: Bool { !issues.isEmpty || refused }

    /// Marks the write as failing for problems found outside the inserter (a cell that
    /// could not be read, say): nothing will be committed.
    public func refuse() { refused = true }

    /// Validates `record` and, if it is valid, inserts it.
    public func insert(_ record: Record) throws {
        defer { position += 1 }
        guard let collection = layout.schema.collection(record.collection) else {
            let valid = layout.schema.collections.map(\.name).joined(separator: ", ")
            issues.append(
                (
                    position,
                    RecordIssue(
                        collection: record.collection, field: "", value: nil,
                        reason: "unknown collection (valid: \(valid))")
                ))
            return
        }
        let found = validator.issues(with: record.values, in: collection)
        guard found.isEmpty else {
            issues += found.map { (position, $0) }
            return
        }
        try write(record, plan(collection))
    }

    private func plan(_ collection: Collection) throws -> InsertPlan {
        if let plan = plans[collection.name] { return plan }
        let quote = layout.dialect.quote
        let fields = collection.inlineFields
        let insert = try db.makeStatement(
            sql: layout.dialect.insert(
                into: quote(collection.name), columns: fields.map { quote($0.name) }, ignoringDuplicates: false))
        let values = try collection.manyValuedFields.map { field in
            (field, try db.makeStatement(sql: layout.valuesInsertion(collection, field)))
        }
        let rowidBefore =
            try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM \(quote(collection.name))") ?? 0
        let plan = InsertPlan(
            collection: collection, inlineFields: fields, insert: insert, values: values, rowidBefore: rowidBefore)
        plans[collection.name] = plan
        return plan
    }

    private func write(_ record: Record, _ plan: InsertPlan) throws {
        for (index, field) in plan.inlineFields.enumerated() {
            bind(record.values[field.name], at: Int32(index + 1), in: plan.insert)
        }
        let code = step(plan.insert)
        if code == ResultCode.SQLITE_CONSTRAINT_PRIMARYKEY.rawValue
            || code == ResultCode.SQLITE_CONSTRAINT_UNIQUE.rawValue
        {
            issues.append(
                (
                    position,
                    RecordIssue(collection: plan.collection.name, field: "id", value: record.id, reason: "duplicate id")
                ))
            return
        }
        if code == ResultCode.SQLITE_CONSTRAINT_FOREIGNKEY.rawValue {
            issues += try missingReferences(record, plan.collection).map { (position, $0) }
            return
        }
        try check(code)
        plan.positions.append(position)
        guard let id = record.id else { return }
        for (field, insert) in plan.values {
            guard case .list(let values) = record.values[field.name] else { continue }
            for (offset, value) in values.enumerated() {
                bind(.text(id), at: 1, in: insert)
                bind(.text(value), at: 2, in: insert)
                bind(.integer(Int64(offset + 1)), at: 3, in: insert)
                let code = step(insert)
                if code == ResultCode.SQLITE_CONSTRAINT_FOREIGNKEY.rawValue {
                    issues += try missingReferences(record, plan.collection).map { (position, $0) }
                    return
                }
                try check(code)
            }
        }
    }

    // MARK: Binding

    /// Binds a value straight through SQLite's C API: bulk loads spend most of their
    /// time here, and GRDB's argument arrays cost a dynamic cast per value.
    private func bind(_ value: FieldValue?, at position: Int32, in statement: Statement) {
        let handle = statement.sqliteStatement
        switch value {
        case .none, .null: sqlite3_bind_null(handle, position)
        case .text(let text): bindText(text, at: position, in: handle)
        case .integer(let integer): sqlite3_bind_int64(handle, position, integer)
        case .boolean(let flag): sqlite3_bind_int64(handle, position, flag ? 1 : 0)
        case .list(let items): bindText(items.joined(separator: ";"), at: position, in: handle)
        }
    }

    private func bindText(_ text: String, at position: Int32, in handle: SQLiteStatement) {
        var text = text
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                _ = sqlite3_bind_text(handle, position, $0.baseAddress, Int32($0.count), transient)
            }
        }
    }

    /// Runs a prepared insert and returns SQLite's (extended) result code.
    private func step(_ statement: Statement) -> Int32 {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        return code
    }

    /// The references of `record` to records that do not exist (with references checked
    /// immediately, an insert that breaks one fails at once).
    private func missingReferences(_ record: Record, _ collection: Collection) throws -> [RecordIssue] {
        var missing: [RecordIssue] = []
        for field in collection.fields where field.derivation == nil {
            guard let target = field.referencedCollection else { continue }
            let ids: [String]
            switch record.values[field.name] {
            case .text(let id): ids = [id]
            case .list(let list): ids = list
            default: continue
            }
            for id in ids {
                let sql = "SELECT 1 FROM \(layout.dialect.quote(target)) WHERE id = ?"
                if try Int.fetchOne(db, sql: sql, arguments: [id]) == nil {
                    missing.append(
                        RecordIssue(
                            collection: collection.name, field: field.name, value: id,
                            reason: "no such record in \(target)"))
                }
            }
        }
        return missing
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    // MARK: Broken references

    /// The references that point to no record, traced to the records that hold them.
    func referenceIssues() throws -> [(record: Int, issue: RecordIssue)] {
        var found: [(record: Int, issue: RecordIssue)] = []
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            let table: String = row[0]
            guard let rowid: Int64 = row[1] else { continue }
            let target: String = row[2]
            let keyIndex: Int = row[3]
            let column =
                try String.fetchOne(
                    db, sql: "SELECT \"from\" FROM pragma_foreign_key_list(?) WHERE id = ?",
                    arguments: [table, keyIndex]) ?? ""
            let value = try String.fetchOne(
                db, sql: "SELECT \(layout.dialect.quote(column)) FROM \(layout.dialect.quote(table)) WHERE rowid = ?",
                arguments: [rowid])
            if let (collection, field, position) = try owner(of: table, rowid: rowid, column: column) {
                found.append(
                    (
                        position,
                        RecordIssue(
                            collection: collection, field: field, value: value, reason: "no such record in \(target)")
                    ))
            }
        }
        return found
    }

    /// The collection, field and write position behind a row of `table`: a collection's
    /// own row, or a row of one of its many-valued fields' tables.
    private func owner(of table: String, rowid: Int64, column: String) throws -> (String, String, Int)? {
        if let plan = plans[table] {
            return position(in: plan, rowid: rowid).map { (table, column, $0) }
        }
        for plan in plans.values {
            guard
                let field = plan.values.first(where: { StorageLayout.valuesTable(plan.collection, $0.field) == table })?
                    .field
            else { continue }
            let quote = layout.dialect.quote
            let ownerRowid = try Int64.fetchOne(
                db,
                sql: """
                    SELECT o.rowid FROM \(quote(table)) v JOIN \(quote(plan.collection.name)) o ON o.id = v.owner
                    WHERE v.rowid = ?
                    """, arguments: [rowid])
            return ownerRowid.flatMap { position(in: plan, rowid: $0) }.map { (plan.collection.name, field.name, $0) }
        }
        return nil
    }

    private func position(in plan: InsertPlan, rowid: Int64) -> Int? {
        let index = Int(rowid - plan.rowidBefore - 1)
        return plan.positions.indices.contains(index) ? plan.positions[index] : nil
    }
}

extension Store {
    /// Validates and inserts records in one transaction: if any record is refused nothing
    /// is written and the rejection lists every problem. With `commit` false the write is
    /// checked completely (references included) and then rolled back.
    public func write(
        validator: RecordValidator? = nil, commit: Bool = true, _ body: (RecordInserter) throws -> Void
    ) throws {
        let validator = try validator ?? RecordValidator(taxonomy: taxonomy())
        try database.writeWithoutTransaction { db in
            // A large page cache keeps a bulk load from spilling pages to the WAL again
            // and again; readers keep SQLite's default.
            try db.execute(sql: "PRAGMA cache_size = -131072")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            try db.execute(sql: "BEGIN IMMEDIATE")
            do {
                try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                let inserter = RecordInserter(db: db, layout: layout, validator: validator)
                try body(inserter)
                var issues = inserter.issues
                if commit && !inserter.hasIssues {
                    do {
                        try db.execute(sql: "COMMIT")
                        return
                    } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                        // A commit refused for deferred constraints leaves the transaction open.
                    }
                }
                issues += try inserter.referenceIssues()
                try db.execute(sql: "ROLLBACK")
                if issues.isEmpty && !inserter.refused { return }
                throw WriteRejection(issues: issues.sorted { $0.record < $1.record })
            } catch {
                if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
                throw error
            }
        }
    }

    /// Validates and inserts `records`; see ``write(validator:commit:_:)``.
    public func insert(_ records: [Record], validator: RecordValidator? = nil) throws {
        try write(validator: validator) { inserter in
            for record in records { try inserter.insert(record) }
        }
    }
}

/// SQLite's `SQLITE_TRANSIENT` (a macro Swift cannot import): SQLite copies the bytes.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
