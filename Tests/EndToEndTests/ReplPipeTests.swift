import Foundation
import Testing

/// `ducha repl` with standard input from a pipe: no prompts, results printed, and the
/// exit code says whether any statement failed.
@Suite struct ReplPipeTests {
    /// `ducha repl` outside any workspace, given `input`.
    private func repl(_ input: String) throws -> Ducha.Outcome {
        try Ducha.run(["repl"], in: try Ducha.folder(with: [:]), input: input)
    }

    /// A folder holding a workspace `w` with the sample data, and `files`.
    private func sampleFolder(with files: [String: String] = [:]) throws -> URL {
        let folder = try Ducha.folder(with: files)
        _ = try Ducha.run(["init", "w", "--sample", "yiyang-2021"], in: folder)
        return folder
    }

    @Test func statementsRunWithoutPromptsAndQueriesShowTables() throws {
        let folder = try sampleFolder()
        let input = """
            local n = ducha.findings:count()
            n + 1
            function f(x)
              return x * 2
            end
            f(21)
            ducha.findings:where{ category = '红码人员脱管' }:select('id', 'unit.name')
            """
        let outcome = try Ducha.run(["repl", "--workspace", "w"], in: folder, input: input)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.hasPrefix("173\n42\n"))
        #expect(outcome.standardOutput.contains("│ finding:city-001 │ 高新区龙岭社区 │"))
        #expect(outcome.standardOutput.hasSuffix("(1行)\n"))
        #expect(!outcome.standardOutput.contains("督查>"))
    }

    @Test func aFailedStatementMakesTheExitCodeOneAndTheRestStillRuns() throws {
        let outcome = try repl("error('x')\n1 + 1\n")
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput == "2\n")
        #expect(outcome.standardError.hasPrefix("stdin:1: x"))
    }

    @Test func messagesNameTheLinesOfTheInput() throws {
        let input = ":time\nx = 1\n\nerror('boom')\nfunction g()\n  return nil + 1\nend\ng()\n"
        let outcome = try repl(input)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.hasPrefix("stdin:4: boom\n"))
        #expect(outcome.standardError.contains("stdin:6: attempt to perform arithmetic on a nil value"))
    }

    @Test func formatAndAsOfSayWhatTheyAreWithoutAnArgument() throws {
        let folder = try sampleFolder()
        let input = ":format\n:format csv\n:format\n:as-of\n:as-of 2021-08-01\n"
        let outcome = try Ducha.run(["repl", "--workspace", "w"], in: folder, input: input)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("reports show as table (formats: table, "))
        #expect(lines[1] == "reports show as csv")
        #expect(lines[2].hasPrefix("reports show as csv (formats: "))
        #expect(Array(lines[3...]) == ["as of 2021-08-14", "as of 2021-08-01"])
    }

    @Test func anUnfinishedStatementAtTheEndIsAFailure() throws {
        let outcome = try repl("function f()\n")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("incomplete statement at the end of the input"))
    }

    @Test func metaCommandsShowTheSchemaTimeAndDate() throws {
        let folder = try sampleFolder()
        let input = ":schema findings\n:time\n1 + 1\n:time\n:as-of 2021-09-01\nducha.as_of\n"
        let outcome = try Ducha.run(["repl", "--workspace", "w"], in: folder, input: input)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("│ category ") && $0.contains("│ code (finding_category) │ required") })
        #expect(
            lines.contains(
                "records that point here: findings.rectifications, findings.cases, findings.dispositions, findings.bulletins"
            ))
        #expect(lines.contains("timing on"))
        #expect(lines.contains { $0.hasPrefix("(") && $0.hasSuffix(" s)") })
        #expect(lines.contains("timing off"))
        #expect(lines.suffix(2) == ["as of 2021-09-01", "2021-09-01"])
    }

    @Test func helpOnAnUnknownTopicSaysSo() throws {
        let outcome = try repl(":help nonsense\n:help queries\n")
        #expect(outcome.standardOutput.hasPrefix("ducha.findings:where"))
        #expect(outcome.standardError == "no help on 'nonsense' (topics: queries, reports)\n")
        #expect(outcome.status == 1, "a failed meta command counts as a failed statement")
    }

    @Test func aLocalNamedLikeAGlobalLeavesReportsTheirGlobals() throws {
        let folder = try sampleFolder(with: ["count.lua": "print(ducha.findings:count())"])
        let input = "local ducha = 1\nducha\n:run overview\n:run ../count.lua\n"
        let outcome = try Ducha.run(["repl"], in: folder.appendingPathComponent("w"), input: input)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.hasPrefix("1\n"))
        #expect(outcome.standardOutput.contains("扛起监督责任"))
        #expect(outcome.standardOutput.hasSuffix("172\n"))
    }

    @Test func bareDuchaReadsStatementsToo() throws {
        let outcome = try Ducha.run([], in: try Ducha.folder(with: [:]), input: "ducha.api\n:quit\n1/0\n")
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "1.0\n")
    }
}
