import Foundation
import Testing

/// `ducha -e`, `ducha run` and their exit codes, through the built binary.
@Suite struct CommandLineTests {
    @Test func aLoneExpressionIsPrinted() throws {
        let outcome = try Ducha.run(["-e", "return 1 + 1"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "2\n")
        let expression = try Ducha.run(["-e", "'督查', 2^53, nil"])
        #expect(expression.standardOutput == "督查\t9.007199254741e+15\tnil\n")
    }

    @Test func aStatementChunkPrintsNothingOfItsOwn() throws {
        let outcome = try Ducha.run(["-e", "local x = 1"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "")
    }

    @Test func aScriptSeesItsArgumentsAsLuaDoes() throws {
        let folder = try Ducha.folder(with: [
            "x.lua": "print(arg[0], arg[1], arg[2], #arg, select('#', ...), ...)\nassert(arg[1] == 'a')\n"
        ])
        let outcome = try Ducha.run(["run", "x.lua", "--", "a", "b 乙"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "x.lua\ta\tb 乙\t2\t2\ta\tb 乙\n")
    }

    @Test func whatAScriptReturnsIsLeftAlone() throws {
        let folder = try Ducha.folder(with: ["cycle.lua": "local t = {}\nt.self = t\nreturn t, print\n"])
        let outcome = try Ducha.run(["run", "cycle.lua"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.standardError == "")
    }

    @Test func ctrlCStopsALoopInsideACoroutine() throws {
        let folder = try Ducha.folder(with: [
            "co.lua": "local co = coroutine.wrap(function()\n  while true do end\nend)\nco()\n"
        ])
        let outcome = try Ducha.run(["run", "co.lua"], in: folder, interruptAfter: 0.5)
        #expect(outcome.status == 130)
        #expect(outcome.standardError == "co.lua:2: interrupted\n")
    }

    @Test func aScriptErrorExitsOneWithFileLineAndATraceback() throws {
        let folder = try Ducha.folder(with: ["x.lua": "local t = {}\n\nerror('查无此人')\n"])
        let outcome = try Ducha.run(["run", "x.lua"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.hasPrefix("x.lua:3: 查无此人\nstack traceback:"))
        #expect(outcome.standardError.contains("x.lua:3: in main chunk"))
        #expect(!outcome.standardError.contains("Fatal error"))
    }

    @Test func aSyntaxErrorExitsOneWithItsPosition() throws {
        let folder = try Ducha.folder(with: ["bad.lua": "local x = \nprint(x +)\n"])
        let outcome = try Ducha.run(["run", "bad.lua"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.hasPrefix("bad.lua:2: unexpected symbol near ')'"))
    }

    @Test func aMissingScriptIsNamed() throws {
        let outcome = try Ducha.run(["run", "no-such-file.lua"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError == "ducha: cannot read no-such-file.lua: no such file\n")
    }

    @Test(arguments: [
        ["--no-such-option"], ["run"], ["run", "x.lua", "--time-limit", "-1"], ["run", "x.lua", "--memory-limit", "1"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let outcome = try Ducha.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("Error:"))
    }

    @Test func versionAndHelp() throws {
        let version = try Ducha.run(["--version"])
        #expect(version.status == 0)
        #expect(version.standardOutput.hasPrefix("ducha 0."))
        let help = try Ducha.run(["run", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("--sandbox"))
        let completion = try Ducha.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0)
        #expect(completion.standardOutput.contains("_ducha"))
    }

    @Test func ctrlCStopsAScriptCleanlyWithExitCode130() throws {
        let folder = try Ducha.folder(with: ["loop.lua": "local n = 0\nwhile true do n = n + 1 end\n"])
        let outcome = try Ducha.run(["run", "loop.lua"], in: folder, interruptAfter: 0.5)
        #expect(outcome.status == 130)
        #expect(outcome.standardError == "loop.lua:2: interrupted\n")
        #expect(outcome.seconds < 2)
    }

    @Test func ctrlCStopsAStatementInsideATransaction() throws {
        let folder = try Ducha.folder(with: [:])
        _ = try Ducha.run(["init", "w"], in: folder)
        let workspace = folder.appendingPathComponent("w")
        try Data(
            """
            ducha.transaction(function()
              ducha.sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c')
            end)
            """.utf8
        ).write(to: workspace.appendingPathComponent("endless.lua"))
        let interrupted = try Ducha.run(["run", "endless.lua"], in: workspace, interruptAfter: 0.7)
        #expect(interrupted.status == 130)
        #expect(interrupted.standardError.hasSuffix("interrupted\n"), "\(interrupted.standardError)")
        #expect(interrupted.seconds < 3)
        let stopped = try Ducha.run(["run", "--time-limit", "0.5", "endless.lua"], in: workspace)
        #expect(stopped.standardError.hasPrefix("endless.lua:1: time limit exceeded (0.5 s)\n"))
        #expect(stopped.seconds < 3)
    }

    @Test func aScriptCanBeReadFromStandardInput() throws {
        let outcome = try Ducha.run(["run", "-"], input: "print('from stdin')\nerror('x')")
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput == "from stdin\n")
        #expect(outcome.standardError.hasPrefix("stdin:2: x"))
    }
}
