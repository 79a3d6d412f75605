import CLuaSupport
import DuchaModel
import DuchaStore
import GRDB
import GRDBSQLite
import LuaKit

/// The host side of queries: compiles what scripts build and runs it on the database
/// connection of the current run. Rows cross into Lua as plain tables built in C.
final class QueryHost {
    let store: Store
    private(set) var compiler: QueryCompiler
    /// The connection of the run in progress; queries outside a run are errors.
    private var database: Database?
    /// Bumped at the end of each run, so iterators left open cannot outlive it.
    private let generation = RunGeneration()
    /// The `each()` loops of the current run: at its end, those left unfinished are reset,
    /// so they stop holding a read snapshot of the database.
    private var streams: [WeakRowStream] = []

    /// Who writes, if the reader may write (the `write` grant); nil otherwise.
    let writer: String?
    /// The write transaction `ducha.transaction` holds open, if any.
    private var transaction: Database?
    /// What stops the run in progress, for the statements its writes make.
    private var canceller: LuaCanceller?

    init(store: Store, asOf: String, clearance: Sensitivity, writer: String?, access: AccessPolicy = .unrestricted)
        throws
    {
        self.store = store
        self.writer = writer
        compiler = QueryCompiler(
            taxonomy: try store.taxonomy(), dialect: store.dialect, asOf: asOf, clearance: clearance, access: access)
        compiler.referenceLookup = { [unowned self] text, target in try referenceID(text, in: target) }
    }

    /// Counts "as of" `date` from now on.
    func setAsOf(_ date: String) { compiler.asOf = date }

    /// Runs `body` with a database connection for the queries it makes. Each statement
    /// sees the latest committed data. A statement that runs long stops when the run is
    /// cancelled or passes its time limit (`canceller`), as Lua code would; so does one
    /// its writes make.
    func during<Result>(stoppedBy canceller: LuaCanceller, _ body: () throws -> Result) throws -> Result {
        if database != nil { return try body() }
        return try store.database.unsafeReentrantRead { db in
            database = db
            self.canceller = canceller
            defer {
                for stream in streams {
                    if let statement = stream.value?.statement { sqlite3_reset(statement.sqliteStatement) }
                }
                streams.removeAll()
                database = nil
                self.canceller = nil
                generation.advance()
            }
            return try guarding(db, body)
        }
    }

    /// SQLite virtual-machine steps between checks: about a tenth of a millisecond.
    static let progressInterval: Int32 = 10_000

    /// The longest string or blob a script's statement may make or bind: SQLite refuses to
    /// make a longer one (its `printf` gives NULL instead) rather than take the memory.
    static let lengthLimit: Int32 = 64 << 20
    /// The longest statement text, the host's own queries included.
    static let statementLengthLimit: Int32 = 1 << 20

    /// Runs `body` with the statements it makes on `db` held as a script's are: stopped
    /// by the run's canceller, and within SQLite's limits for scripts. The connection is
    /// as it was after.
    private func guarding<Result>(_ db: Database, _ body: () throws -> Result) throws -> Result {
        let connection = db.sqliteConnection
        let length = sqlite3_limit(connection, SQLITE_LIMIT_LENGTH, Self.lengthLimit)
        let statementLength = sqlite3_limit(connection, SQLITE_LIMIT_SQL_LENGTH, Self.statementLengthLimit)
        if let check = canceller?.stopCheck {
            sqlite3_progress_handler(connection, Self.progressInterval, check.function, check.context)
        }
        defer {
            sqlite3_progress_handler(connection, 0, nil, nil)
            sqlite3_limit(connection, SQLITE_LIMIT_LENGTH, length)
            sqlite3_limit(connection, SQLITE_LIMIT_SQL_LENGTH, statementLength)
        }
        return try withExtendedLifetime(canceller) { try body() }
    }

    private func connection() throws -> Database {
        guard let database else { throw QueryError("queries can only run while a script runs") }
        return database
    }

    private func statement(_ compiled: CompiledQuery) throws -> Statement {
        let statement = try connection().makeStatement(sql: compiled.sql)
        try statement.setArguments(StatementArguments(compiled.arguments.map(\.databaseValue)))
        return statement
    }

    // MARK: The functions the prelude calls

    /// The host table the prelude receives.
    func functions(in state: LuaState, document: LuaReference) -> LuaTable {
        var host = LuaTable()
        host["collections"] = .table(LuaTable(sequence: store.schema.collections.map { LuaValue($0.name) }))
        host["document"] = .tableReference(document)
        host["count"] = state.function("count") { [unowned self] call in
            try Self.reportingQueryErrors {
                let compiled = try compiler.compileCount(QuerySpec.query(call.value(1)))
                call.push(Int64(try Int.fetchOne(statement(compiled)) ?? 0))
            }
        }
        host["rows"] = state.function("rows") { [unowned self] call in
            let compiled = try Self.reportingQueryErrors { try compiler.compile(QuerySpec.query(call.value(1))) }
            try pushRows(compiled, into: &call)
        }
        // Registered once per state: registering again would be refused.
        try? state.register(RowStream.self, name: "ducha.row_stream", methods: [:])
        host["each"] = state.function("each") { [unowned self] call in
            let compiled = try Self.reportingQueryErrors { try compiler.compile(QuerySpec.query(call.value(1))) }
            try pushIterator(compiled, into: &call)
        }
        writeFunctions(in: state, into: &host)
        host["explain"] = state.function("explain") { [unowned self] call in
            let compiled = try Self.reportingQueryErrors { try compiler.compile(QuerySpec.query(call.value(1))) }
            call.push(compiled.sql)
            try call.push(.table(LuaTable(sequence: compiled.arguments.map(Self.luaValue))))
        }
        host["count_by"] = state.function("count_by") { [unowned self] call in
            var query = try QuerySpec.query(call.value(1))
            let path = try call.string(2)
            query.grouping = [path]
            query.aggregates = [("n", .count(nil))]
            query.order = []
            var counts = LuaTable()
            let compiled = try Self.reportingQueryErrors { try compiler.compile(query) }
            for row in try Row.fetchAll(statement(compiled)) {
                let key: LuaValue = Self.luaValue(row[0] as DatabaseValue)
                counts[key == .nil ? "未知" : key] = .integer(row[1])
            }
            try call.push(.table(counts))
        }
        return host
    }

    // MARK: Writes

    private func recordWriter() throws -> RecordWriter {
        guard let writer else {
            throw LuaError(
                kind: .runtime,
                message: "writing needs the write grant (add \"write\" to identity.grants in ducha.toml)")
        }
        let validator = RecordValidator(taxonomy: compiler.taxonomy, defaultYear: compiler.asOfYear)
        return RecordWriter(store: store, compiler: compiler, validator: validator, user: writer)
    }

    /// Runs a write to `collection` (nil for a transaction of several) in the open
    /// `ducha.transaction`, or in a transaction of its own.
    private func writing<Result>(_ collection: String?, _ body: (RecordWriter, Database) throws -> Result) throws
        -> Result
    {
        let writer = try recordWriter()
        do {
            if let collection { try compiler.access.checkWrite(collection) }
            if let transaction { return try body(writer, transaction) }
            return try store.database.writeWithoutTransaction { db in
                var result: Result?
                try db.inTransaction(.immediate) {
                    // Commit and rollback run unguarded: a run stopped in the body must
                    // still be able to roll back.
                    result = try guarding(db) { try body(writer, db) }
                    return .commit
                }
                return result!
            }
        } catch let rejection as WriteRejection {
            throw LuaError(kind: .runtime, message: rejection.issues.map { "\($0.issue)" }.joined(separator: "; "))
        } catch let error as QueryError {
            throw LuaError(kind: .runtime, message: error.message)
        }
    }

    /// A record's values from a script's table: text is read as an import cell is
    /// (labels, Chinese dates), lists become lists.
    private func record(_ collection: String, _ value: LuaValue) throws -> DuchaStore.Record {
        guard let table = value.tableValue else {
            throw LuaArgumentError(position: 1, reason: "a table of field values expected")
        }
        let model = try Self.reportingQueryErrors { try compiler.collection(collection) }
        let validator = RecordValidator(taxonomy: compiler.taxonomy, defaultYear: compiler.asOfYear)
        var values: [String: FieldValue] = [:]
        for (key, item) in table.fields {
            guard let name = key.stringValue else {
                throw LuaArgumentError(position: 1, reason: "field names must be strings")
            }
            values[name] = try fieldValue(item, field: model.field(name), collection: model, validator: validator)
        }
        return DuchaStore.Record(collection, values)
    }

    private func fieldValue(_ value: LuaValue, field: Field?, collection: Collection, validator: RecordValidator) throws
        -> FieldValue
    {
        switch value {
        case .nil: return .null
        case .boolean(let flag): return .boolean(flag)
        case .integer(let integer): return field?.type == .integer ? .integer(integer) : .text(String(integer))
        case .number(let number): return .text(String(number))
        case .string(let string):
            guard let field else { return .text(string.text) }
            let value: FieldValue
            do {
                value = try validator.value(fromText: string.text, for: field, in: collection)
            } catch {
                throw LuaError(kind: .runtime, message: "\(error)")
            }
            guard let target = field.referencedCollection, case .text(let text) = value else { return value }
            return .text(try resolve(text, in: target))
        case .table(let table): return .list(table.sequence.map { $0.stringValue ?? "" })
        default: throw LuaError(kind: .runtime, message: "a \(value.typeName) cannot be stored in \(collection.name)")
        }
    }

    /// A reference given by a unique name becomes that record's id, as in imports; any
    /// other text is stored as written, for the write's own check to refuse.
    private func resolve(_ text: String, in target: String) throws -> String {
        if case .record(let id) = try match(text, in: target) { return id }
        return text
    }

    /// The id a reference in a filter names, by id or unique name. A reader who may not
    /// read `target` compares the text as written: no answer may tell which ids exist.
    private func referenceID(_ text: String, in target: String) throws -> String {
        guard (try? compiler.access.checkRead(target)) != nil else { return text }
        switch try match(text, in: target) {
        case .record(let id): return id
        case .none: throw QueryError("no record of \(target) has the id or name '\(text)'")
        case .several(let ids):
            throw QueryError("'\(text)' names several records of \(target) (\(ids.joined(separator: ", "))): use an id")
        }
    }

    private enum ReferenceMatch {
        case record(String)
        case none
        case several([String])
    }

    /// The records of `target` whose id is `text`, or else whose name is — names only when
    /// the reader may read them: a name lookup must not tell a plugin, or a reader without
    /// the clearance, which names exist.
    private func match(_ text: String, in target: String) throws -> ReferenceMatch {
        let db = try connection()
        let table = store.dialect.quote(target)
        if try Int.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE id = ?", arguments: [text]) != nil {
            return .record(text)
        }
        guard let collection = store.schema.collection(target), let name = collection.field("name"),
            collection.sensitivity(of: name) <= compiler.clearance, (try? compiler.access.checkRead(target)) != nil
        else { return .none }
        let ids = try String.fetchAll(db, sql: "SELECT id FROM \(table) WHERE name = ? LIMIT 3", arguments: [text])
        switch ids.count {
        case 0: return .none
        case 1: return .record(ids[0])
        default: return .several(ids)
        }
    }

    func writeFunctions(in state: LuaState, into host: inout LuaTable) {
        host["insert"] = state.function("insert") { [unowned self] call in
            let record = try record(try call.string(1), call.value(2))
            call.push(try writing(record.collection) { writer, db in try writer.insert(record, in: db) })
        }
        host["update"] = state.function("update") { [unowned self] call in
            let query = try QuerySpec.query(call.value(1))
            let values = try record(query.collection, call.value(2)).values
            call.push(
                Int64(try writing(query.collection) { writer, db in try writer.update(query, set: values, in: db) }))
        }
        host["delete"] = state.function("delete") { [unowned self] call in
            let query = try QuerySpec.query(call.value(1))
            call.push(Int64(try writing(query.collection) { writer, db in try writer.delete(query, in: db) }))
        }
        host["transaction"] = state.function("transaction") { [unowned self] call in
            let body = try call.value(1)
            guard case .function = body else { throw call.argumentError(1, expected: "function") }
            if transaction != nil { throw LuaError(kind: .runtime, message: "ducha.transaction cannot be nested") }
            let results = try writing(nil) { _, db in
                transaction = db
                let reading = database
                database = db
                defer {
                    transaction = nil
                    database = reading
                }
                return try call.state.call(body)
            }
            for result in results { try call.push(result) }
        }
    }

    /// A query error as a plain Lua error: the prelude raises it at the script's line.
    static func reportingQueryErrors<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as QueryError {
            throw LuaError(kind: .runtime, message: error.message)
        }
    }

    private func pushRows(_ compiled: CompiledQuery, into call: inout LuaCall) throws {
        let statement = try statement(compiled)
        let names = LuaValue.table(LuaTable(sequence: compiled.columns.map { LuaValue($0) }))
        let kinds = compiled.kinds.map(\.rawValue)
        try call.pushResult(arguments: [names]) { state, first in
            luakit_push_rows(state, statement.sqliteStatement, first, kinds, -1)
        }
    }

    /// Pushes the iterator of an `each()` loop: a C function that steps the statement and
    /// returns one row per call, so only the row in hand is alive; it refuses to run once
    /// the run that made it has ended.
    private func pushIterator(_ compiled: CompiledQuery, into call: inout LuaCall) throws {
        let statement = try statement(compiled)
        let names = LuaValue.table(LuaTable(sequence: compiled.columns.map { LuaValue($0) }))
        let rowStream = RowStream(statement: statement, generation: generation)
        streams.append(WeakRowStream(rowStream))
        let stream = try call.state.userdata(rowStream)
        let kinds = compiled.kinds.map(\.rawValue)
        let counter = generation.counter
        try call.pushResult(arguments: [names, stream]) { state, first in
            luakit_push_row_iterator(state, statement.sqliteStatement, first, kinds, Int32(kinds.count), counter)
        }
    }

    // MARK: ducha.sql

    /// Runs read-only SQL and pushes its rows. Text columns above the reader's clearance
    /// read as nil (SQLite's authorizer), and so do they in joins and conditions; a
    /// statement that would read one all the same is refused.
    func pushSQLRows(_ sql: String, parameters: [LuaValue], into call: inout LuaCall) throws {
        let db = try connection()
        let connection = db.sqliteConnection
        let hidden = hiddenColumns()
        // Read before the authorizer is installed: it refuses the pragmas this reads with.
        let hiddenPositions = try Self.recordPositions(of: hidden, in: db)
        let stored = try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')"))
        let guardian = SQLGuardian(hidden: hidden, readable: readableTables(), stored: stored)
        // The authorizer stays for the statement's whole life: SQLite may compile it again
        // while stepping (after a schema change), and must hide the same columns then.
        sqlite3_set_authorizer(connection, sqlAuthorizer, Unmanaged.passUnretained(guardian).toOpaque())
        defer {
            sqlite3_set_authorizer(connection, nil, nil)
            withExtendedLifetime(guardian) {}
        }
        let statement = try sql.withCString { text in
            var prepared: SQLiteStatement?
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(connection, text, -1, &prepared, &tail)
            guard code == SQLITE_OK, let prepared else {
                throw refusal(of: sql, by: guardian)
                    ?? LuaScriptError("ducha.sql: \(String(cString: sqlite3_errmsg(connection)))")
            }
            if let tail, Self.holdsAnotherStatement(tail, on: connection) {
                sqlite3_finalize(prepared)
                throw LuaScriptError("ducha.sql runs one statement at a time: remove what follows its ';'")
            }
            return prepared
        }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_stmt_readonly(statement) != 0 else { throw Self.notARead(sql, authorized: nil) }
        if let column = try Self.hiddenColumnRead(by: statement, on: connection, positions: hiddenPositions) {
            throw LuaScriptError(
                "ducha.sql: the statement reads \(column), which you may not see: a NATURAL join or JOIN … USING "
                    + "on it compares the value itself; join with ON, where it reads as nil")
        }
        for (index, parameter) in parameters.enumerated() {
            try bind(parameter, at: Int32(index + 1), in: statement)
        }
        let columns = (0..<sqlite3_column_count(statement)).map {
            LuaValue(String(cString: sqlite3_column_name(statement, $0)))
        }
        do {
            try call.pushResult(arguments: [.table(LuaTable(sequence: columns))]) { state, first in
                luakit_push_rows(state, statement, first, nil, -1)
            }
        } catch let error as LuaError where error.kind == .runtime {
            // SQLite's own message, such as "out of memory" when its heap is held to the
            // memory limit in a worker.
            throw LuaScriptError("ducha.sql: \(error.message)")
        }
    }

    /// Why the authorizer refused `sql`, if it did.
    private func refusal(of sql: String, by guardian: SQLGuardian) -> LuaScriptError? {
        if let statement = guardian.refusedStatement { return Self.notARead(sql, authorized: statement) }
        if guardian.refusedPseudonym {
            return LuaScriptError("ducha.sql: \(QueryCompiler.pseudonymFunction)() is for the host's own queries")
        }
        if let function = guardian.refusedFunction {
            return LuaScriptError(
                "ducha.sql: \(function)() is not available: ducha.sql offers SQLite's core, date, math, JSON, "
                    + "aggregate and window functions")
        }
        return guardian.refused.map { refusal(reading: $0) }
    }

    /// The refusal of `sql`, a statement that is not a plain read, named by its first
    /// word, or by what the authorizer saw it do when that word is WITH or EXPLAIN.
    private static func notARead(_ sql: String, authorized: String?) -> LuaScriptError {
        let keyword = leadingKeyword(of: sql)
        let named = ["WITH", "EXPLAIN", ""].contains(keyword) ? authorized : keyword
        return LuaScriptError(
            "ducha.sql runs only plain reads (SELECT, WITH … SELECT, VALUES)" + (named.map { ", not \($0)" } ?? "")
                + ": use the collections' insert, update and delete to write")
    }

    /// The first word of `sql`, in capitals, after blanks and comments.
    private static func leadingKeyword(of sql: String) -> String {
        var rest = Substring(sql)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return "" }
                rest = rest[end.upperBound...]
            } else {
                return rest.prefix { $0.isASCII && $0.isLetter }.uppercased()
            }
        }
    }

    /// Whether `tail`, the text after a statement, holds another one: SQLite would run the
    /// first and silently leave the rest.
    private static func holdsAnotherStatement(_ tail: UnsafePointer<CChar>, on connection: SQLiteConnection?) -> Bool {
        var rest = tail
        while rest.pointee != 0 {
            var statement: SQLiteStatement?
            var next: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(connection, rest, -1, &statement, &next)
            sqlite3_finalize(statement)
            guard code == SQLITE_OK, statement == nil else { return true }
            guard let next, next != rest else { return false }
            rest = next
        }
        return false
    }

    /// Why reading `table` is refused: a plugin names its declared collections; anyone
    /// else, the tables that may be read.
    private func refusal(reading table: String) -> LuaScriptError {
        guard compiler.access != .unrestricted else {
            return LuaScriptError(
                "ducha.sql: '\(table)' is not a table of the workspace's records "
                    + "(ducha.sql reads the collections and their lists, taxonomy, audit and sqlite_schema)")
        }
        let collection = table.components(separatedBy: "__")[0]
        do {
            try compiler.access.checkRead(store.schema.collection(collection) != nil ? collection : table)
        } catch let error as QueryError {
            return LuaScriptError("ducha.sql: \(error.message)")
        } catch {
            return LuaScriptError("ducha.sql: \(error)")
        }
        return LuaScriptError(
            "ducha.sql: \(compiler.access.holder) may not read '\(table)': plugins read collections only")
    }

    /// Where each hidden column sits in the records of the tables and indexes holding it:
    /// root page → position in the record → `table.column`.
    private static func recordPositions(of hidden: Set<String>, in db: Database) throws -> [Int64: [Int64: String]] {
        let tables = Array(Set(hidden.map { String($0.prefix { $0 != "." }) }))
        guard !tables.isEmpty else { return [:] }
        let list = Array(repeating: "?", count: tables.count).joined(separator: ", ")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.rootpage, c.cid, s.tbl_name, c.name FROM sqlite_schema s JOIN pragma_table_info(s.name) c
                WHERE s.type = 'table' AND s.name IN (\(list))
                UNION ALL
                SELECT s.rootpage, x.seqno, s.tbl_name, x.name FROM sqlite_schema s JOIN pragma_index_xinfo(s.name) x
                WHERE s.type = 'index' AND s.tbl_name IN (\(list)) AND x.name IS NOT NULL
                """, arguments: StatementArguments(tables + tables))
        var positions: [Int64: [Int64: String]] = [:]
        for row in rows {
            let column = "\(row[2] as String).\(row[3] as String)"
            if hidden.contains(column) { positions[row[0], default: [:]][row[1]] = column }
        }
        return positions
    }

    /// The first hidden column the program of `statement` reads, if any. The authorizer
    /// turns every column a statement names into nil, but SQLite builds the condition of
    /// a NATURAL join or JOIN … USING, and the merged column of a RIGHT or FULL join, from
    /// the tables' columns without asking it; the program shows every column it reads.
    private static func hiddenColumnRead(
        by statement: SQLiteStatement, on connection: SQLiteConnection?, positions: [Int64: [Int64: String]]
    ) throws -> String? {
        guard !positions.isEmpty, sqlite3_stmt_isexplain(statement) == 0 else { return nil }
        var prepared: SQLiteStatement?
        let explained = "EXPLAIN " + String(cString: sqlite3_sql(statement))
        guard sqlite3_prepare_v2(connection, explained, -1, &prepared, nil) == SQLITE_OK, let program = prepared else {
            throw LuaScriptError("ducha.sql: \(String(cString: sqlite3_errmsg(connection)))")
        }
        defer { sqlite3_finalize(program) }
        var instructions: [(opcode: String, p1: Int64, p2: Int64)] = []
        while sqlite3_step(program) == SQLITE_ROW {
            instructions.append(
                (
                    String(cString: sqlite3_column_text(program, 1)), sqlite3_column_int64(program, 2),
                    sqlite3_column_int64(program, 3)
                ))
        }
        // Cursors are numbered once per statement, but a cursor may be opened after the
        // code that reads it (subroutines come later in the program).
        var roots: [Int64: Int64] = [:]
        for instruction in instructions {
            switch instruction.opcode {
            case "OpenRead", "ReopenIdx": roots[instruction.p1] = instruction.p2
            case "OpenDup": roots[instruction.p1] = roots[instruction.p2]
            default: break
            }
        }
        return instructions.lazy.filter { $0.opcode == "Column" }.compactMap { instruction in
            roots[instruction.p1].flatMap { positions[$0]?[instruction.p2] }
        }.first
    }

    private func bind(_ value: LuaValue, at position: Int32, in statement: SQLiteStatement) throws {
        let code: Int32
        switch value {
        case .nil: code = sqlite3_bind_null(statement, position)
        case .boolean(let flag): code = sqlite3_bind_int64(statement, position, flag ? 1 : 0)
        case .integer(let integer): code = sqlite3_bind_int64(statement, position, integer)
        case .number(let number): code = sqlite3_bind_double(statement, position, number)
        case .string(let string):
            guard string.bytes.count <= Self.lengthLimit else {
                throw LuaArgumentError(
                    position: 2, reason: "parameter \(position) is longer than \(Self.lengthLimit >> 20) MiB")
            }
            code = string.bytes.withUnsafeBufferPointer { bytes in
                sqlite3_bind_text(
                    statement, position, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                    Int32(bytes.count), transientDestructor)
            }
        default:
            throw LuaArgumentError(
                position: 2, reason: "parameter \(position) is a \(value.typeName); use strings, numbers or booleans")
        }
        guard code == SQLITE_OK else {
            throw LuaArgumentError(
                position: 2, reason: "parameter \(position): \(String(cString: sqlite3_errstr(code)))")
        }
    }

    /// The tables the reader may read: the collections (a plugin's, those it declares)
    /// and their list tables, the taxonomy, and `json_each` and `json_tree`, which read
    /// only their argument; the audit trail and the schema too for the user's own
    /// scripts. Nothing else: SQLite's own tables and virtual tables (`dbstat`,
    /// `sqlite_stmt`) tell of the stored bytes and other statements.
    private func readableTables() -> Set<String> {
        let readable = compiler.access.readable
        var tables: Set<String> = ["taxonomy", "json_each", "json_tree"]
        if compiler.access == .unrestricted { tables.formUnion(["audit", "sqlite_schema", "sqlite_master"]) }
        for collection in store.schema.collections where readable?.contains(collection.name) ?? true {
            tables.insert(collection.name)
            for field in collection.fields where !field.isStoredInline && field.derivation == nil {
                tables.insert(StorageLayout.valuesTable(collection, field))
            }
        }
        return tables
    }

    /// `table.column` of every text field the reader may not see, and the audit trail's
    /// details (they hold written values of every tier) below the secret clearance.
    private func hiddenColumns() -> Set<String> {
        var hidden: Set<String> = compiler.clearance < .secret ? ["audit.detail"] : []
        for collection in store.schema.collections {
            for field in collection.inlineFields
            where field.type == .text && collection.sensitivity(of: field) > compiler.clearance {
                hidden.insert("\(collection.name).\(field.name)")
            }
        }
        return hidden
    }

    static func luaValue(_ value: QueryValue) -> LuaValue {
        switch value {
        case .null: .nil
        case .text(let text): LuaValue(text)
        case .integer(let integer): .integer(integer)
        case .number(let number): .number(number)
        case .boolean(let flag): .boolean(flag)
        }
    }

    static func luaValue(_ value: DatabaseValue) -> LuaValue {
        switch value.storage {
        case .null: .nil
        case .int64(let integer): .integer(integer)
        case .double(let number): .number(number)
        case .string(let text): LuaValue(text)
        case .blob(let data): .string(LuaString(bytes: Array(data)))
        }
    }
}

/// What the authorizer of `ducha.sql` hides and refuses.
final class SQLGuardian {
    let hidden: Set<String>
    /// The tables that may be read at all.
    let readable: Set<String>
    /// The tables and views the database stores. A statement that only counts the rows of
    /// something else (a common table expression, a table-valued function) reads no value.
    let stored: Set<String>
    /// The first table a statement was refused for reading.
    var refused: String?
    /// Whether a statement called the pseudonym function, which would let a script test
    /// guesses against hidden values.
    var refusedPseudonym = false
    /// The first function a statement was refused.
    var refusedFunction: String?
    /// What the first statement that is not a plain read does (`SAVEPOINT`, `INSERT`).
    var refusedStatement: String?

    init(hidden: Set<String>, readable: Set<String>, stored: Set<String>) {
        self.hidden = hidden
        self.readable = readable
        self.stored = stored
    }

    /// Whether `table` is one of SQLite's own: its schema, statistics and the virtual
    /// tables of its internals.
    static func isInternal(_ table: String) -> Bool {
        table.hasPrefix("sqlite_") || table.hasPrefix("pragma_") || table == "dbstat"
    }

    /// The functions statements may call: SQLite's core, date, math, JSON, aggregate and
    /// window functions, and the operators made of functions (`LIKE`, `GLOB`, `->`). Not
    /// those that hand out pointers (`fts3_tokenizer`), file offsets (`sqlite_offset`) or
    /// the build (`sqlite_compileoption_get`), load code (`load_extension`) or allocate
    /// what they are asked (`zeroblob`); `randomblob` is the store's, which gives little.
    static let functions: Set<String> = [
        "abs", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "ifnull", "iif", "instr", "length",
        "like", "likelihood", "likely", "lower", "ltrim", "max", "min", "nullif", "octet_length", "printf", "quote",
        "random", "randomblob", "replace", "round", "rtrim", "sign", "soundex", "substr", "substring", "trim",
        "typeof", "unhex", "unicode", "unlikely", "upper",
        "date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff", "current_date",
        "current_time", "current_timestamp",
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh", "degrees",
        "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power", "radians", "sin", "sinh", "sqrt",
        "tan", "tanh", "trunc",
        "json", "json_array", "json_array_length", "json_extract", "json_insert", "json_object", "json_patch",
        "json_quote", "json_remove", "json_replace", "json_set", "json_type", "json_valid", "json_group_array",
        "json_group_object", "->", "->>",
        "avg", "count", "group_concat", "string_agg", "sum", "total",
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
        "last_value", "nth_value",
    ]

    /// What statements other than plain reads do, by the authorizer's action code.
    static let statements: [Int32: String] = [
        SQLITE_INSERT: "INSERT", SQLITE_UPDATE: "UPDATE", SQLITE_DELETE: "DELETE", SQLITE_PRAGMA: "PRAGMA",
        SQLITE_ATTACH: "ATTACH", SQLITE_DETACH: "DETACH", SQLITE_ALTER_TABLE: "ALTER TABLE",
        SQLITE_REINDEX: "REINDEX", SQLITE_ANALYZE: "ANALYZE",
    ]

    /// What a statement the authorizer refuses does, for the message.
    static func statement(_ action: Int32, _ detail: UnsafePointer<CChar>?) -> String {
        let detail = detail.map { String(cString: $0) }
        switch action {
        case SQLITE_TRANSACTION: return detail ?? "a transaction"
        case SQLITE_SAVEPOINT:
            return switch detail {
            case "BEGIN": "SAVEPOINT"
            case "ROLLBACK": "ROLLBACK TO"
            default: detail ?? "a savepoint"
            }
        default: return statements[action] ?? "a change of the schema"
        }
    }
}

/// SQLite's authorizer for `ducha.sql`: plain reads only; hidden columns read as NULL;
/// tables the reader may not read, and functions other than those listed, are refused.
private let sqlAuthorizer:
    @convention(c) (
        UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
        UnsafePointer<CChar>?
    ) -> Int32 = { context, action, first, second, _, _ in
        guard let context else { return SQLITE_DENY }
        let guardian = Unmanaged<SQLGuardian>.fromOpaque(context).takeUnretainedValue()
        switch action {
        case SQLITE_SELECT, SQLITE_RECURSIVE:
            return SQLITE_OK
        case SQLITE_UPDATE where first.map({ String(cString: $0) }) == "sqlite_master":
            // SQLite declares the columns of a table-valued function (json_each, dbstat) the
            // first time a connection uses it, which it reports as an update of the schema;
            // a real update is refused as no read.
            return SQLITE_OK
        case SQLITE_READ:
            guard let first, let second else { return SQLITE_DENY }
            let table = String(cString: first)
            let column = String(cString: second)
            // SQLite reports a table whose rows are counted but whose columns are not read
            // with an empty column name: a common table expression or a table-valued
            // function may be counted, SQLite's own tables not even so.
            let isCounted = column.isEmpty && !guardian.stored.contains(table) && !SQLGuardian.isInternal(table)
            if !guardian.readable.contains(table) && !isCounted {
                if guardian.refused == nil { guardian.refused = table }
                return SQLITE_DENY
            }
            return guardian.hidden.contains("\(table).\(column)") ? SQLITE_IGNORE : SQLITE_OK
        case SQLITE_FUNCTION:
            guard let second else { return SQLITE_DENY }
            let function = String(cString: second).lowercased()
            if function == QueryCompiler.pseudonymFunction {
                guardian.refusedPseudonym = true
                return SQLITE_DENY
            }
            if SQLGuardian.functions.contains(function) { return SQLITE_OK }
            if guardian.refusedFunction == nil { guardian.refusedFunction = function }
            return SQLITE_DENY
        default:
            if guardian.refusedStatement == nil { guardian.refusedStatement = SQLGuardian.statement(action, first) }
            return SQLITE_DENY
        }
    }

/// SQLite's `SQLITE_TRANSIENT`: SQLite copies the bytes.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
