import DuchaScripting
import DuchaStore
import Foundation
import LuaKit
import Testing

/// Writes from scripts: validated, atomic, allowed only with the grant, audited.
@Suite(.serialized) struct WriteTests {
    private func workspace(grants: [String]) throws -> Workspace {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ducha-writes-\(UUID().uuidString)")
        let workspace = try Workspace.create(
            at: folder,
            configuration: WorkspaceConfiguration(
                name: "w", asOf: YiyangSample.asOf, identity: .init(user: "张三", grants: grants)))
        try workspace.openStore().insert(YiyangSample.records())
        return workspace
    }

    private let newFinding = """
        { id = "finding:new", unit = "益阳万达广场", body = "body:city", category = "红码人员脱管", found_on = "8月14日" }
        """

    @Test func insertUpdateDeleteWithTheGrant() throws {
        let workspace = try workspace(grants: ["write"])
        let results = try SampleWorkspace.run(
            """
            local id = ducha.findings:insert\(newFinding)
            local row = ducha.findings:where{ id = id }:select('unit', 'category', 'found_on'):first()
            local updated = ducha.findings:where{ id = id }:update{ risk = true }
            local risky = ducha.findings:where{ id = id, risk = true }:count()
            local deleted = ducha.findings:where{ id = id }:delete()
            return id, row.unit, row.category, row.found_on, updated, risky, deleted, ducha.findings:count()
            """, workspace: workspace)
        #expect(results == ["finding:new", "unit:wanda-mall", "red_code_unmanaged", "2021-08-14", 1, 1, 1, 172])
        let trail = AuditTrail(store: try workspace.openStore())
        #expect(try trail.entries().map(\.action) == ["insert", "update", "delete"])
        #expect(try trail.entries().allSatisfy { $0.user == "张三" })
        #expect(try trail.verify().isEmpty)
    }

    @Test func writingWithoutTheGrantIsRefused() throws {
        let workspace = try workspace(grants: [])
        #expect {
            try SampleWorkspace.run("ducha.findings:insert\(newFinding)", workspace: workspace)
        } throws: { error in
            "\(error)".contains("writing needs the write grant")
        }
        #expect(try workspace.openStore().counts().first { $0.collection == "findings" }?.count == 172)
    }

    @Test func invalidWritesNameTheProblemAndChangeNothing() throws {
        let workspace = try workspace(grants: ["write"])
        let cases = [
            (
                "ducha.findings:insert{ id = 'x', unit = 'unit:nowhere', body = 'body:city', category = 'formalism', found_on = '2021-08-14' }",
                "findings.unit 'unit:nowhere': no such record in units"
            ),
            (
                "ducha.findings:insert{ id = 'x', unit = 'unit:wanda-mall', body = 'body:city', category = 'mask', found_on = '2021-08-14' }",
                "findings.category 'mask': unknown finding_category"
            ),
            (
                "ducha.findings:insert{ id = 'finding:city-001', unit = 'unit:wanda-mall', body = 'body:city', category = 'formalism', found_on = '2021-08-14' }",
                "duplicate id"
            ),
            ("ducha.findings:where{ body = 'body:city' }:update{ found_on = '2021-02-30' }", "not a date"),
            (
                "ducha.findings:where{ body = 'body:city' }:update{ county = 'region:anhua' }",
                "worked out from other fields"
            ),
            ("ducha.units:where{ id = 'unit:wanda-mall' }:delete()", "cannot be deleted: still referred to by"),
        ]
        for (source, expected) in cases {
            #expect(SampleWorkspace.failureIn(source, workspace: workspace).contains(expected), "\(source)")
        }
        #expect(try workspace.openStore().counts().first { $0.collection == "findings" }?.count == 172)
        #expect(try AuditTrail(store: workspace.openStore()).entries().isEmpty)
    }

    @Test func aTransactionCommitsTogetherOrNotAtAll() throws {
        let workspace = try workspace(grants: ["write"])
        let failed = SampleWorkspace.failureIn(
            """
            ducha.transaction(function()
              ducha.findings:insert\(newFinding)
              ducha.findings:where{ id = 'finding:new' }:update{ risk = true }
              error('changed my mind')
            end)
            """, workspace: workspace)
        #expect(failed.hasSuffix(".lua:4: changed my mind"))
        #expect(try SampleWorkspace.run("return ducha.findings:count()", workspace: workspace) == [172])
        let results = try SampleWorkspace.run(
            """
            return ducha.transaction(function()
              ducha.findings:insert\(newFinding)
              return ducha.findings:count()
            end)
            """, workspace: workspace)
        #expect(results == [173])
    }

    @Test func anAlteredAuditTrailIsDetected() throws {
        let workspace = try workspace(grants: ["write"])
        _ = try SampleWorkspace.run("ducha.findings:insert\(newFinding)", workspace: workspace)
        let store = try workspace.openStore()
        try store.database.write { db in try db.execute(sql: "UPDATE audit SET user = 'someone else'") }
        #expect(try AuditTrail(store: store).verify() == ["entry 1: altered (hash mismatch)"])
    }
}
