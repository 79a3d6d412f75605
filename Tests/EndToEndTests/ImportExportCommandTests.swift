import Foundation
import Testing

extension Ducha {
    /// Gives the user of the workspace in `directory` exactly `grants`.
    static func grant(_ grants: [String], in directory: URL) throws {
        let file = directory.appendingPathComponent("ducha.toml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let granted = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("grants = ") ? "grants = [\(grants.map { "\"\($0)\"" }.joined(separator: ", "))]" : line
        }
        try Data(granted.joined(separator: "\n").utf8).write(to: file)
    }
}

/// `ducha import` and `ducha export` under the workspace's grants, through the built binary.
@Suite struct ImportExportCommandTests {
    @Test func importingNeedsTheWriteGrantAndIsAudited() throws {
        let folder = try Ducha.folder(with: ["regions.csv": "id,name,level\nregion:x,某地,city\n"])
        _ = try Ducha.run(["init", "w"], in: folder)
        let workspace = folder.appendingPathComponent("w")
        #expect(
            try String(contentsOf: workspace.appendingPathComponent("ducha.toml"), encoding: .utf8).contains(
                "grants = [ \"write\" ]"))
        try Ducha.grant([], in: workspace)
        let refused = try Ducha.run(["import", "regions.csv", "--workspace", "w"], in: folder)
        #expect(refused.status == 1)
        #expect(
            refused.standardError
                == "ducha: regions.csv: importing into regions needs the write grant (add \"write\" to identity.grants in ducha.toml); nothing was imported\n"
        )
        let checked = try Ducha.run(["import", "regions.csv", "--workspace", "w", "--dry-run"], in: folder)
        #expect(checked.status == 0)
        #expect(try Ducha.run(["audit", "show"], in: workspace).standardOutput == "")

        try Ducha.grant(["write"], in: workspace)
        let imported = try Ducha.run(["import", "regions.csv", "--workspace", "w"], in: folder)
        #expect(imported.standardOutput == "Imported 1 records into regions.\n")
        #expect(imported.standardError == "")
        let trail = try Ducha.run(["audit", "show"], in: workspace).standardOutput
        #expect(trail.contains("import regions {\"file\":\"regions.csv\",\"records\":1}"))
        #expect(trail.contains("\t\(ProcessInfo.processInfo.environment["USER"] ?? "analyst")\t"))
    }

    @Test func auditShowShowsWrittenValuesAsTheViewerMaySeeThem() throws {
        let folder = try Ducha.folder(with: [:])
        _ = try Ducha.run(["init", "w", "--sample", "yiyang-2021"], in: folder)
        let workspace = folder.appendingPathComponent("w")
        try Ducha.grant(["write", "confidential"], in: workspace)
        let written = try Ducha.run(
            ["-e", "return ducha.subjects:insert{ id = 'subject:new', name = '新对象', post = '科员' }"], in: workspace)
        #expect(written.status == 0, "\(written.standardError)")
        try Ducha.grant([], in: workspace)
        let hidden = try Ducha.run(["audit", "show"], in: workspace).standardOutput
        #expect(!hidden.contains("新对象"))
        #expect(hidden.contains(#"insert subjects subject:new {"id":"subject:new","name":"化名-"#), "\(hidden)")
        #expect(hidden.contains(#""post":"科员"}"#))
        try Ducha.grant(["confidential"], in: workspace)
        let shown = try Ducha.run(["audit", "show"], in: workspace).standardOutput
        #expect(shown.contains(#""name":"新对象""#))
        #expect(try Ducha.run(["audit", "verify"], in: workspace).status == 0)
    }

    @Test func exportsShowWhatScriptsSee() throws {
        let folder = try Ducha.folder(with: [:])
        _ = try Ducha.run(["init", "w", "--sample", "yiyang-2021"], in: folder)
        let workspace = folder.appendingPathComponent("w")
        let clues = try Ducha.run(["export", "clues"], in: workspace)
        #expect(clues.status == 1)
        #expect(clues.standardOutput == "")
        #expect(clues.standardError.contains("exporting the secret collection clues needs the secret grant"))
        let hidden = try Ducha.run(["export", "subjects"], in: workspace).standardOutput
        let scripted = try Ducha.run(["-e", "return ducha.subjects:order_by('id'):first().name"], in: workspace)
        #expect(hidden.split(separator: "\n").dropFirst().allSatisfy { $0.split(separator: ",")[1].hasPrefix("化名-") })
        #expect(scripted.standardOutput.hasPrefix("化名-"))

        try Ducha.grant(["confidential", "secret"], in: workspace)
        let shown = try Ducha.run(["export", "subjects"], in: workspace).standardOutput
        #expect(!shown.contains("化名-"))
        #expect(try Ducha.run(["export", "clues"], in: workspace).status == 0)
    }
}
