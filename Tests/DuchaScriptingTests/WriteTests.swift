import DuchaModel
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
        #expect(try trail.entries(visibleTo: .secret).map(\.action) == ["insert", "update", "delete"])
        #expect(try trail.entries(visibleTo: .secret).allSatisfy { $0.user == "张三" })
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
        #expect(try AuditTrail(store: workspace.openStore()).entries(visibleTo: .secret).isEmpty)
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

    @Test func writingAFieldAboveTheClearanceIsRefusedAndChangesNothing() throws {
        let workspace = try workspace(grants: ["write"])
        let confidential = #"needs the confidential grant (add "confidential" to identity.grants in ducha.toml)"#
        let cases = [
            ("ducha.subjects:insert{ id = 'subject:probe', name = '毛平' }", "writing subjects.name (confidential) "),
            (
                "ducha.subjects:where{ id = 'subject-001' }:update{ name = '毛平' }",
                "writing subjects.name (confidential) "
            ),
            ("ducha.cases:where{ id = 'case:1' }:update{ summary = '探针' }", "writing cases.summary (confidential) "),
            (
                "ducha.handlings:insert{ id = 'handling:probe', subject = 'subject-001', form = 'first', decided_on = '2021-08-14' }",
                "writing handlings (a confidential collection) "
            ),
            (
                "ducha.handlings:where{ id = 'handling:1' }:update{ form = 'second' }",
                "writing handlings (a confidential collection) "
            ),
        ]
        for (source, expected) in cases {
            let failure = SampleWorkspace.failureIn(source, workspace: workspace)
            #expect(failure.contains(expected + confidential), "\(source): \(failure)")
        }
        let clue = SampleWorkspace.failureIn(
            "ducha.clues:where{ id = 'clue:1' }:update{ status = '探针' }", workspace: workspace)
        #expect(clue.contains(#"writing clues (a secret collection) needs the secret grant"#), "\(clue)")
        let unchanged = try SampleWorkspace.run(
            """
            return ducha.subjects:count(), ducha.handlings:where{ id = 'handling:1' }:first().form,
              ducha.cases:where{ id = 'case:1', summary = '探针' }:count()
            """, workspace: workspace)
        #expect(unchanged == [65, "first", 0])
        #expect(try AuditTrail(store: workspace.openStore()).entries(visibleTo: .secret).isEmpty)
    }

    /// The attack the rule closes: insert a guessed name, read its pseudonym back, compare
    /// it with the pseudonym of the real record, and roll back.
    @Test func aRolledBackWriteCannotConfirmAGuessedName() throws {
        let workspace = try workspace(grants: ["write"])
        let failure = SampleWorkspace.failureIn(
            """
            local real = ducha.subjects:where{ id = 'subject-001' }:first().name
            local ok, verdict = pcall(ducha.transaction, function()
              ducha.subjects:insert{ id = 'subject:probe', name = '毛平' }
              error(ducha.subjects:where{ id = 'subject:probe' }:first().name == real and 'HIT' or 'MISS', 0)
            end)
            error(verdict, 0)
            """, workspace: workspace)
        #expect(failure.contains("writing subjects.name (confidential) needs the confidential grant"), "\(failure)")
        #expect(try AuditTrail(store: workspace.openStore()).entries(visibleTo: .secret).isEmpty)
    }

    @Test func theGrantOfATierLetsItsFieldsBeWritten() throws {
        let workspace = try workspace(grants: ["write", "confidential"])
        let results = try SampleWorkspace.run(
            """
            ducha.subjects:insert{ id = 'subject:new', name = '新对象' }
            ducha.cases:where{ id = 'case:1' }:update{ summary = '改写' }
            return ducha.subjects:where{ id = 'subject:new' }:first().name,
              ducha.cases:where{ id = 'case:1' }:first().summary
            """, workspace: workspace)
        #expect(results == ["新对象", "改写"])
        #expect(
            SampleWorkspace.failureIn(
                "ducha.clues:where{ id = 'clue:1' }:update{ status = '探针' }", workspace: workspace
            )
            .contains("writing clues (a secret collection) needs the secret grant"))
        let secret = try self.workspace(grants: ["write", "secret"])
        #expect(
            try SampleWorkspace.run(
                "return ducha.clues:where{ id = 'clue:1' }:update{ status = '已办结' }", workspace: secret) == [1])
    }

    @Test func theAuditTrailShowsWrittenValuesAsTheViewerMaySeeThem() throws {
        let workspace = try workspace(grants: ["write", "secret"])
        _ = try SampleWorkspace.run(
            """
            ducha.subjects:insert{ id = 'subject:new', name = '新对象', post = '科员' }
            ducha.cases:where{ id = 'case:1' }:update{ summary = '改写的案情' }
            ducha.clues:where{ id = 'clue:1' }:update{ status = '已办结', disposition = 'closed' }
            """, workspace: workspace)
        let trail = AuditTrail(store: try workspace.openStore())
        func details(_ clearance: Sensitivity) throws -> [String] {
            try trail.entries(visibleTo: clearance).map { $0.detail ?? "" }
        }
        let hidden = try details(.internal)
        #expect(!hidden.joined().contains("新对象") && !hidden.joined().contains("改写的案情"))
        #expect(!hidden.joined().contains("已办结"))
        #expect(hidden[0].contains(#""name":"化名-"#) && hidden[0].contains(#""post":"科员""#))
        #expect(hidden[1].contains(#""summary":"化名-"#))
        #expect(hidden[2].contains(#""disposition":"closed""#) && hidden[2].contains(#""status":"化名-"#))
        let confidential = try details(.confidential)
        #expect(confidential[0].contains(#""name":"新对象""#) && confidential[1].contains("改写的案情"))
        #expect(confidential[2].contains(#""status":"化名-"#))
        #expect(try details(.secret)[2] == #"{"disposition":"closed","status":"已办结"}"#)
        #expect(try trail.verify().isEmpty)
    }

    @Test func anAlteredAuditTrailIsDetected() throws {
        let workspace = try workspace(grants: ["write"])
        _ = try SampleWorkspace.run("ducha.findings:insert\(newFinding)", workspace: workspace)
        let store = try workspace.openStore()
        try store.database.write { db in try db.execute(sql: "UPDATE audit SET user = 'someone else'") }
        #expect(try AuditTrail(store: store).verify() == ["entry 1: altered (hash mismatch)"])
    }
}
