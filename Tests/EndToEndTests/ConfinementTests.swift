import Foundation
import Testing

/// Untrusted code runs in a worker the kernel confines, and its parent ends it on time:
/// what the in-process guards cannot stop still ends cleanly, with a message and exit 1.
@Suite struct ConfinementTests {
    /// A script in a fresh workspace of the sample; returns the workspace folder.
    private func workspace(with files: [String: String] = [:]) throws -> URL {
        let folder = try Ducha.folder(with: [:])
        let created = try Ducha.run(["init", "ws", "--sample", "yiyang-2021"], in: folder)
        #expect(created.status == 0, "\(created.standardError)")
        let workspace = folder.appendingPathComponent("ws")
        for (name, contents) in files {
            try Data(contents.utf8).write(to: workspace.appendingPathComponent(name))
        }
        return workspace
    }

    @Test func aLongCCallEndsAtTheTimeLimitWithAMessage() throws {
        // One pattern match on a subject just under the cap backtracks for minutes inside
        // one C call, where no hook runs: the parent stops the worker.
        let script = "local s = ('a'):rep((1 << 20) - 16)\nreturn s:find('.-.-.-.-c')\n"
        let folder = try Ducha.folder(with: ["slow.lua": script])
        let outcome = try Ducha.run(["run", "--sandbox", "--time-limit", "1", "slow.lua"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("time limit exceeded (1 s)"), "\(outcome.standardError)")
        #expect(outcome.seconds < 2.3)
    }

    @Test func aTrustedRunsTimeLimitIsHardToo() throws {
        let script = "local s = ('a'):rep(1 << 22)\nreturn s:find('.-.-.-.-c')\n"
        let folder = try Ducha.folder(with: ["slow.lua": script])
        let outcome = try Ducha.run(["run", "--time-limit", "1", "slow.lua"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError == "ducha: time limit exceeded (1 s): the run was stopped\n")
        #expect(outcome.seconds < 2.3)
    }

    @Test func aSandboxedReportGoesToOutButReportSaveWritesNothing() throws {
        let workspace = try workspace(with: [
            "save.lua": """
            local report = require "ducha.report"
            report.title("x")
            report.save("ducha.toml", "markdown")
            """,
            "table.lua": """
            local report = require "ducha.report"
            print("printed")
            report.table(ducha.findings:group_by("county.name"):agg{ n = ducha.count() }:order_by("-n"):rows())
            """,
        ])
        let configuration = try Data(contentsOf: workspace.appendingPathComponent("ducha.toml"))
        let saving = try Ducha.run(["run", "--sandbox", "save.lua"], in: workspace)
        #expect(saving.status == 1)
        #expect(
            saving.standardError.hasPrefix(
                "save.lua:3: report.save is not available under --sandbox: write the report with --out PATH"))
        #expect(try Data(contentsOf: workspace.appendingPathComponent("ducha.toml")) == configuration)

        let table = try Ducha.run(["run", "--sandbox", "table.lua", "--out", "counts.csv"], in: workspace)
        #expect(table.status == 0, "\(table.standardError)")
        #expect(table.standardOutput == "printed\n")
        let written = try String(contentsOf: workspace.appendingPathComponent("counts.csv"), encoding: .utf8)
        #expect(written.hasPrefix("county.name,n\r\n安化县,103\r\n"))
    }

    @Test func aTrustedScriptSavesReportsOnly() throws {
        let workspace = try workspace(with: [
            "save.lua": "local report = require 'ducha.report'\nreport.title('x')\nreport.save('ducha.toml')\n"
        ])
        let outcome = try Ducha.run(["run", "save.lua"], in: workspace)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.hasPrefix("save.lua:3: report.save writes reports only, as .txt, .md"))
    }

    @Test func hostMetatablesAreProtected() throws {
        let script = """
            assert(getmetatable(ducha.findings) == "ducha.query")
            assert(getmetatable(ducha) == "ducha")
            assert(not pcall(setmetatable, ducha.findings, {}))
            local report = require "ducha.report"
            report.title({})
            report.text("%s and %s", print, {})
            assert(not pcall(report.text, "%p", {}))
            return ducha.findings:where{ risk = true }:count()
            """
        let workspace = try workspace(with: ["probe.lua": script])
        let outcome = try Ducha.run(["run", "--sandbox", "probe.lua", "--format", "markdown"], in: workspace)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput == "# table\n\nfunction and table\n")
        #expect(!outcome.standardOutput.contains("0x"))
    }

    @Test func aWorkerThatRunsOutOfMemoryEndsWithAMessage() throws {
        let script = "local t = {}\nfor i = 1, 1e9 do t[i] = ('x'):rep(1000) .. i end\n"
        let folder = try Ducha.folder(with: ["bomb.lua": script])
        let outcome = try Ducha.run(["run", "--sandbox", "--memory-limit", "64", "bomb.lua"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("not enough memory") || outcome.standardError.contains("memory"))
    }
}
