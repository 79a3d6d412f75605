import Foundation
import Testing

/// `ducha repl` with standard input from a pipe: no prompts, results printed, and the
/// exit code says whether any statement failed.
@Suite struct ReplPipeTests {
    @Test func statementsRunWithoutPromptsAndQueriesShowTables() throws {
        let folder = try Ducha.folder(with: [:])
        _ = try Ducha.run(["init", "w", "--sample", "yiyang-2021"], in: folder)
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
        let outcome = try Ducha.run(["repl"], in: try Ducha.folder(with: [:]), input: "error('x')\n1 + 1\n")
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput == "2\n")
        #expect(outcome.standardError.hasPrefix("stdin:1: x"))
    }

    @Test func anUnfinishedStatementAtTheEndIsAFailure() throws {
        let outcome = try Ducha.run(["repl"], in: try Ducha.folder(with: [:]), input: "function f()\n")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("incomplete statement at the end of the input"))
    }

    @Test func bareDuchaReadsStatementsToo() throws {
        let outcome = try Ducha.run([], in: try Ducha.folder(with: [:]), input: "ducha.api\n:quit\n1/0\n")
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "1.0\n")
    }
}
