import DuchaModel
import Foundation
import GRDB
import Testing

@testable import DuchaStore

/// Imports and exports obey the workspace's grants as scripts do, and imports are audited.
@Suite struct InterchangeAccessTests {
    private func exportedJSON(_ collection: String, from store: Store, as identity: WorkspaceConfiguration.Identity)
        throws -> [[String: Any]]
    {
        let data = try Exporter(store: store, identity: identity).export(collection, format: .json)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    private func findingsFile() throws -> URL {
        let file = try temporaryFolder().appendingPathComponent("findings.csv")
        try Data("id,unit,body,category,found_on\nf-new,unit:wanda-mall,body:city,formalism,2021-08-06\n".utf8)
            .write(to: file)
        return file
    }

    @Test(arguments: [Grants.none, WorkspaceConfiguration.Identity(user: "a", grants: ["confidential", "write"])])
    func exportingASecretCollectionNeedsTheSecretGrant(identity: WorkspaceConfiguration.Identity) throws {
        let store = try YiyangStore.make()
        for format in TableFormat.allCases {
            #expect {
                try Exporter(store: store, identity: identity).export("clues", format: format)
            } throws: { error in
                "\(error)"
                    == #"exporting the secret collection clues needs the secret grant (add "secret" to identity.grants in ducha.toml)"#
            }
        }
        #expect(try exportedJSON("clues", from: store, as: Grants.all).count == 36)
    }

    @Test func confidentialTextIsExportedAsScriptsSeeIt() throws {
        let store = try YiyangStore.make()
        let real = try store.database.read { try String.fetchAll($0, sql: "SELECT name FROM subjects ORDER BY rowid") }
        let hidden = try exportedJSON("subjects", from: store, as: Grants.none)
        #expect(hidden.count == real.count)
        #expect(hidden.allSatisfy { ($0["name"] as? String)?.hasPrefix("化名-") == true })
        #expect(hidden.first?["post"] as? String != nil)
        let csv = String(
            decoding: try Exporter(store: store, identity: Grants.none).export("subjects", format: .csv), as: UTF8.self)
        #expect(!real.contains { csv.contains($0) })
        let confidential = WorkspaceConfiguration.Identity(user: "a", grants: ["confidential"])
        #expect(try exportedJSON("subjects", from: store, as: confidential).map { $0["name"] as? String } == real)
        // A confidential collection without text of a higher tier is exported whole.
        let handlings = try store.counts().first { $0.collection == "handlings" }?.count
        #expect(try exportedJSON("handlings", from: store, as: Grants.none).count == handlings)
    }

    @Test func importingNeedsTheWriteGrantButADryRunDoesNot() throws {
        let store = try YiyangStore.make()
        let before = try store.counts().map(\.count)
        let entries = try AuditTrail(store: store).entries(visibleTo: .secret).count
        #expect {
            try Importer(store: store, identity: Grants.none).importFile(try findingsFile(), options: ImportOptions())
        } throws: { error in
            "\(error)"
                == #"findings.csv: importing into findings needs the write grant (add "write" to identity.grants in ducha.toml); nothing was imported"#
        }
        let dryRun = try Importer(store: store, identity: Grants.none).importFile(
            try findingsFile(), options: ImportOptions(dryRun: true))
        #expect(dryRun.records == 1)
        #expect(try store.counts().map(\.count) == before)
        #expect(try AuditTrail(store: store).entries(visibleTo: .secret).count == entries)
    }

    @Test func anImportIsAuditedWithWhoWhatAndHowMany() throws {
        let store = try YiyangStore.make()
        let started = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-1))
        _ = try Importer(store: store, identity: Grants.write).importFile(try findingsFile(), options: ImportOptions())
        let entry = try #require(try AuditTrail(store: store).entries(visibleTo: .secret).last)
        #expect(entry.user == "clerk")
        #expect(entry.action == "import")
        #expect(entry.collection == "findings")
        #expect(entry.detail == #"{"file":"findings.csv","records":1}"#)
        #expect(entry.at >= started)
        #expect(try AuditTrail(store: store).verify().isEmpty)
    }

    @Test func aRefusedImportLeavesNoAuditEntry() throws {
        let store = try YiyangStore.make()
        let file = try temporaryFolder().appendingPathComponent("findings.csv")
        try Data("id,unit,body,category,found_on\nf-new,unit:nowhere,body:city,formalism,2021-08-06\n".utf8)
            .write(to: file)
        #expect(throws: ImportFailure.self) {
            try Importer(store: store, identity: Grants.write).importFile(file, options: ImportOptions())
        }
        #expect(try AuditTrail(store: store).entries(visibleTo: .secret).isEmpty)
    }

    @Test func namesAboveTheClearanceAreNotLookedUp() throws {
        let store = try YiyangStore.make()
        let name = try #require(
            try store.database.read { db in
                try String.fetchOne(
                    db, sql: "SELECT name FROM subjects GROUP BY name HAVING COUNT(*) = 1 ORDER BY name LIMIT 1")
            })
        let file = try temporaryFolder().appendingPathComponent("handlings.csv")
        try Data("id,subject,form,decided_on\nh-new,\(name),first,2021-08-10\n".utf8).write(to: file)
        #expect {
            try Importer(store: store, identity: Grants.write).importFile(file, options: ImportOptions())
        } throws: { error in
            "\(error)".contains("row 2, column subject: '\(name)': no such record in subjects")
        }
        let summary = try Importer(store: store, identity: Grants.all).importFile(file, options: ImportOptions())
        #expect(summary.records == 1)
    }

    @Test func confidentialTextIsImportedOnlyWithTheGrant() throws {
        let store = try YiyangStore.make()
        let before = try store.counts().map(\.count)
        let file = try temporaryFolder().appendingPathComponent("subjects.csv")
        try Data("id,name\nsubject:guess,张三\n".utf8).write(to: file)
        #expect {
            try Importer(store: store, identity: Grants.write).importFile(file, options: ImportOptions())
        } throws: { error in
            "\(error)".contains("'name': holds confidential values of subjects: importing them needs the confidential grant")
        }
        #expect(try store.counts().map(\.count) == before)
    }
}
