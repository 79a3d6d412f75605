import Foundation
import Testing

/// `ducha init`, `import`, `export` and `db`, through the built binary.
@Suite struct WorkspaceCommandTests {
    @Test func initWithTheSampleThenLookAfterTheDatabase() throws {
        let folder = try Ducha.folder(with: [:])
        let created = try Ducha.run(["init", "yiyang", "--sample", "yiyang-2021"], in: folder)
        #expect(created.status == 0, "\(created.standardError)")
        #expect(created.standardOutput.contains("Loaded the sample yiyang-2021"))
        let workspace = folder.appendingPathComponent("yiyang")
        let toml = try String(contentsOf: workspace.appendingPathComponent("ducha.toml"), encoding: .utf8)
        #expect(toml.contains("as_of = \"2021-08-14\""))

        let info = try Ducha.run(["db", "info"], in: workspace)
        #expect(info.status == 0)
        #expect(info.standardOutput.contains("schema version  2"))
        #expect(info.standardOutput.contains("cases           36"))

        let check = try Ducha.run(["db", "check"], in: workspace.appendingPathComponent("."))
        #expect(check.standardOutput == "ok: integrity, foreign keys and invariants hold\n")

        let backup = try Ducha.run(["db", "backup", "copy.sqlite"], in: workspace)
        #expect(backup.status == 0)
        let again = try Ducha.run(["db", "backup", "copy.sqlite"], in: workspace)
        #expect(again.status == 1)
        #expect(again.standardError.contains("already exists"))

        let twice = try Ducha.run(["init", "yiyang"], in: folder)
        #expect(twice.status == 1)
        #expect(twice.standardError.contains("already holds a Ducha workspace"))
    }

    @Test(arguments: [["--sample", "yiyang-2021"], ["--scale", "3000", "--seed", "11"]])
    func twoGenerationsWriteTheSameDatabaseByteForByte(options: [String]) throws {
        let folder = try Ducha.folder(with: [:])
        for name in ["first", "second"] {
            let created = try Ducha.run(["init", name] + options, in: folder)
            #expect(created.status == 0, "\(created.standardError)")
        }
        let first = try Data(contentsOf: folder.appendingPathComponent("first/ducha.sqlite"))
        let second = try Data(contentsOf: folder.appendingPathComponent("second/ducha.sqlite"))
        #expect(first.count > 100_000)
        #expect(first == second)
    }

    @Test func commandsOutsideAWorkspaceSayHowToMakeOne() throws {
        let outcome = try Ducha.run(["db", "info"], in: try Ducha.folder(with: [:]))
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("ducha init"))
    }

    @Test func exportThenImportThroughTheCommandLine() throws {
        let folder = try Ducha.folder(with: [:])
        _ = try Ducha.run(["init", "a", "--sample", "yiyang-2021"], in: folder)
        _ = try Ducha.run(["init", "b"], in: folder)
        try Ducha.grant(["write"], in: folder.appendingPathComponent("b"))
        let regions = folder.appendingPathComponent("regions.json").path
        let exported = try Ducha.run(
            ["export", "regions", "--format", "json", "--out", regions, "--workspace", "a"], in: folder)
        #expect(exported.status == 0)
        let dry = try Ducha.run(["import", regions, "--workspace", "b", "--dry-run"], in: folder)
        #expect(dry.standardOutput == "Checked 44 records into regions (dry run: nothing written).\n")
        let imported = try Ducha.run(["import", regions, "--workspace", "b"], in: folder)
        #expect(imported.standardOutput == "Imported 44 records into regions.\n")
        let csv = try Ducha.run(["export", "regions", "--workspace", "b"], in: folder)
        let original = try Ducha.run(["export", "regions", "--workspace", "a"], in: folder)
        #expect(csv.standardOutput == original.standardOutput)
        #expect(csv.standardOutput.hasPrefix("id,name,level,parent,county\nregion:yiyang,益阳市,city,,\n"))
    }

    @Test func aBadImportExitsOneAndNamesTheRow() throws {
        let folder = try Ducha.folder(with: ["regions.csv": "id,name,level\nregion:x,某地,planet\n"])
        _ = try Ducha.run(["init", "w"], in: folder)
        try Ducha.grant(["write"], in: folder.appendingPathComponent("w"))
        let outcome = try Ducha.run(["import", "regions.csv", "--workspace", "w"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("row 2, column level: 'planet': unknown region_level"))
        #expect(outcome.standardError.contains("nothing was imported"))
    }

    @Test(arguments: [
        ["init", "--sample", "nope"], ["init", "--scale", "0"], ["export", "findings", "--format", "xlsx"], ["import"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let outcome = try Ducha.run(arguments, in: try Ducha.folder(with: [:]))
        #expect(outcome.status == 2)
    }
}
