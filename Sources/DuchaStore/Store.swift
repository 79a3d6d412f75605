import DuchaModel
import Foundation
import GRDB

/// The database of one workspace: SQLite through GRDB, in WAL mode, with foreign keys
/// on and a busy timeout, migrated to the current schema when opened.
public final class Store: Sendable {
    public let database: DatabasePool
    public let layout: StorageLayout
    public var schema: Schema { layout.schema }
    public var dialect: any SQLDialect { layout.dialect }

    /// Whether connections keep SQLite's temporary tables and sorts in memory rather than
    /// in files: set in a confined worker, which may create no files beside the database.
    nonisolated(unsafe) public static var keepsTemporaryDataInMemory = false

    /// Opens the database at `path`, creating it only when `create` is set, and migrates
    /// it. A database written by a newer Ducha is refused and left untouched.
    public init(path: String, create: Bool = false) throws {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError.missingDatabase(path: path)
        }
        layout = StorageLayout(schema: .v1, dialect: SQLiteDialect())
        let migrator = Self.migrator(layout: layout)
        if FileManager.default.fileExists(atPath: path) {
            try Self.refuseIfNewer(path: path, migrator: migrator)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        let inMemory = Self.keepsTemporaryDataInMemory
        configuration.prepareDatabase { db in
            db.add(function: Store.pseudonym)
            db.add(function: Store.randomBlob)
            if inMemory { try db.execute(sql: "PRAGMA temp_store = MEMORY") }
        }
        database = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(database)
    }

    /// Reads the applied migrations through a read-only connection: opening the pool
    /// would already switch the file to WAL, and a refused database must stay as it was.
    private static func refuseIfNewer(path: String, migrator: DatabaseMigrator) throws {
        var readOnly = Configuration()
        readOnly.readonly = true
        readOnly.busyMode = .timeout(10)
        let connection = try DatabaseQueue(path: path, configuration: readOnly)
        defer { try? connection.close() }
        let applied = try connection.read { db -> [String]? in
            try migrator.hasBeenSuperseded(db) ? migrator.appliedIdentifiers(db).sorted() : nil
        }
        if let applied { throw StoreError.newerDatabase(path: path, migrations: applied) }
    }

    /// The migrations that build the schema, oldest first. Each is applied once, in order,
    /// and never changes once shipped: a new schema version adds a migration. The first
    /// is built from ``Schema/v1``, whose SQL a test pins to what it shipped as.
    static func migrator(layout: StorageLayout) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(Self.migrationIdentifiers[0]) { db in
            for statement in layout.creationStatements() { try db.execute(sql: statement) }
        }
        migrator.registerMigration(Self.migrationIdentifiers[1]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE taxonomy (
                      kind TEXT NOT NULL, code TEXT NOT NULL, label_zh TEXT NOT NULL, label_en TEXT NOT NULL,
                      position INTEGER NOT NULL, PRIMARY KEY (kind, code));
                    CREATE TABLE audit (
                      sequence INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,
                      collection TEXT NOT NULL, record TEXT, detail TEXT, previous_hash TEXT NOT NULL, hash TEXT NOT NULL);
                    """)
        }
        return migrator
    }

    /// `ducha_pseudonym(value)`: a stable stand-in for a value the reader may not see.
    /// Swift's hasher is seeded afresh in every process, so a pseudonym is the same for
    /// the same value within one run (counts and joins still work) and says nothing of
    /// the value across runs.
    static let pseudonym = DatabaseFunction(QueryCompiler.pseudonymFunction, argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(pseudonym(of:))
    }

    /// The pseudonym of `text`, as `ducha_pseudonym` gives it.
    static func pseudonym(of text: String) -> String {
        var hasher = Hasher()
        hasher.combine(text)
        let digits = String(UInt32(truncatingIfNeeded: hasher.finalize()), radix: 16, uppercase: true)
        return "化名-" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// `randomblob(n)` in place of SQLite's, for at most ``randomBlobLimit`` bytes: SQL
    /// that scripts run may ask for random bytes, not for memory. Less than one byte is
    /// one, as SQLite's gives.
    static let randomBlob = DatabaseFunction("randomblob", argumentCount: 1, pure: false) { values in
        let asked: Double =
            switch values[0].storage {
            case .int64(let count): Double(count)
            case .double(let count): count
            default: 1
            }
        guard asked <= Double(randomBlobLimit) else {
            throw DatabaseError(message: "randomblob gives at most \(randomBlobLimit) bytes, not \(values[0])")
        }
        return Data((0..<(asked >= 1 ? Int(asked) : 1)).map { _ in UInt8.random(in: .min ... .max) })
    }

    /// The most bytes `randomblob` gives.
    public static let randomBlobLimit = 1024

    /// The identifiers of the schema migrations, oldest first.
    static let migrationIdentifiers = ["v1-supervision-records", "v2-taxonomy-and-audit"]

    /// The schema version: how many migrations the database has applied.
    public func schemaVersion() throws -> Int {
        let migrator = Self.migrator(layout: layout)
        return try database.read { try migrator.appliedIdentifiers($0).count }
    }

    /// The workspace's taxonomy: the built-in enumerations with the workspace's additions.
    public func taxonomy() throws -> Taxonomy {
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, code, label_zh, label_en FROM taxonomy ORDER BY kind, position")
        }
        var additions: [String: [EnumerationValue]] = [:]
        for row in rows {
            additions[row["kind"], default: []].append(EnumerationValue(row["code"], row["label_zh"], row["label_en"]))
        }
        return try Taxonomy(schema: schema, additions: additions)
    }

    /// Makes the stored taxonomy additions exactly `additions`, writing only if they differ,
    /// so the database carries the codes its records use (in backups and copies too).
    public func setTaxonomyAdditions(_ additions: [String: [EnumerationValue]]) throws {
        let wanted = additions.keys.sorted().flatMap { kind in
            additions[kind]!.enumerated().map {
                [kind, $0.element.code, $0.element.label.chinese, $0.element.label.english, "\($0.offset)"]
            }
        }
        let sql = "SELECT kind, code, label_zh, label_en, position FROM taxonomy ORDER BY kind, position"
        let stored = try database.read { db in
            try Row.fetchAll(db, sql: sql).map { row -> [String] in
                [row["kind"], row["code"], row["label_zh"], row["label_en"], String(row["position"] as Int)]
            }
        }
        guard stored != wanted else { return }
        _ = try Taxonomy(schema: schema, additions: additions)
        try database.write { db in
            try db.execute(sql: "DELETE FROM taxonomy")
            for row in wanted {
                try db.execute(
                    sql: "INSERT INTO taxonomy (kind, code, label_zh, label_en, position) VALUES (?, ?, ?, ?, ?)",
                    arguments: [row[0], row[1], row[2], row[3], Int(row[4])!])
            }
        }
    }

    /// The number of records in each collection.
    public func counts() throws -> [(collection: String, count: Int)] {
        try database.read { db in
            try schema.collections.map { collection in
                (
                    collection.name,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(dialect.quote(collection.name))") ?? 0
                )
            }
        }
    }
}

/// A database that cannot be opened as it is.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case missingDatabase(path: String)
    case newerDatabase(path: String, migrations: [String])

    public var description: String {
        switch self {
        case .missingDatabase(let path):
            "no database at \(path): create the workspace with `ducha init`"
        case .newerDatabase(let path, let migrations):
            "\(path) was written by a newer version of Ducha (schema migrations: \(migrations.joined(separator: ", "))); "
                + "upgrade Ducha to open it — nothing was changed"
        }
    }
}
