import DuchaModel
import Foundation
import GRDB
import Testing

@testable import DuchaStore

@Suite struct StoreTests {
    @Test func anOlderDatabaseIsMigratedWithItsDataKept() throws {
        let path = try temporaryFolder().appendingPathComponent("old.sqlite").path
        let layout = StorageLayout(schema: .v1, dialect: SQLiteDialect())
        do {
            let old = try DatabaseQueue(path: path)
            try Store.migrator(layout: layout).migrate(old, upTo: Store.migrationIdentifiers[0])
            try old.write { db in
                try db.execute(sql: "INSERT INTO regions (id, name, level) VALUES ('region:yiyang', '益阳市', 'city')")
            }
        }
        let store = try Store(path: path)
        #expect(try store.schemaVersion() == Store.migrationIdentifiers.count)
        let name = try store.database.read { try String.fetchOne($0, sql: "SELECT name FROM regions") }
        #expect(name == "益阳市")
        #expect(try store.taxonomy().label("finding_category", "formalism") == "形式主义官僚主义")
    }

    @Test func aNewerDatabaseIsRefusedAndLeftUntouched() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("new.sqlite").path
        do {
            let future = try DatabaseQueue(path: path)
            try Store.migrator(layout: StorageLayout(schema: .v1, dialect: SQLiteDialect())).migrate(future)
            try future.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            try Store(path: path)
        } throws: { error in
            "\(error)".contains("newer version of Ducha") && "\(error)".contains("v99-from-the-future")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["new.sqlite"])
    }

    /// A shipped migration never changes: a database made by it must stay like every
    /// other. Editing ``Schema/v1`` in place would break that; a new version adds a migration.
    @Test func theFirstMigrationBuildsTheSchemaItShippedWith() throws {
        let shipped = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "v1-schema.sql"),
            encoding: .utf8)
        let built = StorageLayout(schema: .v1, dialect: SQLiteDialect()).creationStatements()
        #expect(built.map { $0 + ";\n" }.joined() == shipped)
    }

    @Test func aMissingDatabaseIsNotCreatedByAccident() throws {
        let path = try temporaryFolder().appendingPathComponent("none.sqlite").path
        #expect(throws: StoreError.missingDatabase(path: path)) { try Store(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func anInvalidWriteChangesNothingAndNamesEveryProblem() throws {
        let store = try Store(path: try temporaryFolder().appendingPathComponent("w.sqlite").path, create: true)
        let records = [
            Record("regions", ["id": "region:a", "name": "甲", "level": "city"]),
            Record("regions", ["id": "region:b", "name": "乙", "level": "planet"]),
            Record("regions", ["id": "region:a", "name": "丙", "level": "city"]),
            Record("regions", ["id": "region:c", "name": "丁", "level": "county", "parent": "region:nowhere"]),
            Record("units", ["id": "unit:x", "name": "单位", "kind": "mall", "region": "region:missing"]),
        ]
        #expect {
            try store.insert(records)
        } throws: { error in
            let rejection = error as! WriteRejection
            let lines = rejection.issues.map { "\($0.record): \($0.issue)" }
            return lines.count == 4 && lines[0].hasPrefix("1: regions.level 'planet': unknown region_level")
                && lines[1] == "2: regions.id 'region:a': duplicate id"
                && lines[2] == "3: regions.parent 'region:nowhere': no such record in regions"
                && lines[3] == "4: units.region 'region:missing': no such record in regions"
        }
        #expect(try store.counts().allSatisfy { $0.count == 0 })
    }

    @Test func referencesWithinACollectionMayPointForward() throws {
        let store = try Store(path: try temporaryFolder().appendingPathComponent("f.sqlite").path, create: true)
        try store.insert([
            Record(
                "regions",
                [
                    "id": "region:county", "name": "县", "level": "county", "parent": "region:city",
                    "county": "region:county",
                ]),
            Record("regions", ["id": "region:city", "name": "市", "level": "city"]),
        ])
        #expect(try store.counts().first { $0.collection == "regions" }?.count == 2)
    }

    @Test func backupCopiesConsistentlyAndRefusesToOverwrite() throws {
        let folder = try temporaryFolder()
        let store = try Store(path: folder.appendingPathComponent("b.sqlite").path, create: true)
        try store.insert(YiyangSample.records())
        let copy = folder.appendingPathComponent("copy.sqlite").path
        try store.backup(to: copy)
        let copied = try Store(path: copy)
        #expect(try copied.counts().map(\.count) == store.counts().map(\.count))
        #expect(throws: BackupError.self) { try store.backup(to: copy) }
    }

    @Test func aBackupTakenWhileAnotherConnectionWritesIsConsistent() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("busy.sqlite").path
        let store = try Store(path: path, create: true)
        let writer = try Store(path: path)
        let writing = Thread {
            for number in 0..<400 {
                // A region and the unit in it, in one transaction: a consistent copy has both or neither.
                try? writer.insert([
                    Record(
                        "regions", ["id": .text("region:\(number)"), "name": .text("区\(number)"), "level": "county"]),
                    Record(
                        "units",
                        [
                            "id": .text("unit:\(number)"), "name": .text("单位\(number)"), "kind": "hospital",
                            "region": .text("region:\(number)"),
                        ]),
                ])
            }
        }
        writing.start()
        for copyNumber in 0..<5 {
            let copy = folder.appendingPathComponent("copy\(copyNumber).sqlite").path
            try store.backup(to: copy)
            let copied = try DatabaseQueue(path: copy)
            try copied.read { db in
                #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
                #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
                let regions = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM regions")
                #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM units") == regions)
            }
        }
        while writing.isExecuting || !writing.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        #expect(try store.counts().first { $0.collection == "units" }?.count == 400)
    }

    @Test func checkFindsBrokenInvariants() throws {
        let store = try Store(path: try temporaryFolder().appendingPathComponent("c.sqlite").path, create: true)
        try store.insert(YiyangSample.records())
        try store.database.write { db in
            try db.execute(
                sql: "UPDATE rectifications SET due_on = '2021-07-01' WHERE id = (SELECT MIN(id) FROM rectifications)")
        }
        let problems = try DatabaseCheck(store: store).run()
        #expect(problems.contains { $0.contains("due date before the order date (2021-07-01 < ") })
    }

    @Test func scaleSamplesAreDeterministicAndConsistent() throws {
        func dump(_ seed: UInt64) throws -> [String] {
            let store = try Store(path: try temporaryFolder().appendingPathComponent("s.sqlite").path, create: true)
            try ScaleSample(findings: 2_000, seed: seed).load(into: store)
            #expect(try DatabaseCheck(store: store).run() == [])
            return try store.database.read { db in
                try String.fetchAll(db, sql: "SELECT id || category || found_on || unit FROM findings ORDER BY id")
            }
        }
        let first = try dump(7)
        #expect(first.count == 2_000)
        #expect(try dump(7) == first)
        #expect(try dump(8) != first)
    }
}
