import Foundation
import Testing

/// `ducha run --sandbox` and its limits, through the built binary.
@Suite struct SandboxCommandTests {
    @Test func anEndlessLoopEndsWithinTwoSecondsUnderATimeLimitOfOne() throws {
        let folder = try Ducha.folder(with: ["loop.lua": "while true do end\n"])
        let outcome = try Ducha.run(["run", "--sandbox", "--time-limit", "1", "loop.lua"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError == "loop.lua:1: time limit exceeded (1 s)\n")
        #expect(outcome.seconds < 2)
    }

    @Test func aMemoryLimitStopsAnAllocationBomb() throws {
        let folder = try Ducha.folder(with: ["bomb.lua": "local s = 'x'\nwhile true do s = s .. s end\n"])
        let outcome = try Ducha.run(["run", "--sandbox", "--memory-limit", "32", "bomb.lua"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("not enough memory"))
    }

    @Test func sqliteStopsAtTheMemoryLimitInsteadOfGrowingTheWorker() throws {
        let folder = try Ducha.folder(with: [
            "concat.lua": """
            local rows = ducha.sql([[WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000)
              SELECT length(group_concat(printf('%.1000c', 'x'))) AS n FROM c]])
            print(rows[1].n)
            """
        ])
        _ = try Ducha.run(["init", "w"], in: folder)
        let workspace = folder.appendingPathComponent("w")
        let script = folder.appendingPathComponent("concat.lua").path
        let stopped = try Ducha.run(["run", "--sandbox", "--memory-limit", "16", script], in: workspace)
        #expect(stopped.status == 1)
        #expect(stopped.standardError.contains("concat.lua:1: ducha.sql: out of memory\n"), "\(stopped.standardError)")
        let roomy = try Ducha.run(["run", "--sandbox", "--memory-limit", "64", script], in: workspace)
        #expect(roomy.standardOutput == "20019999\n", "\(roomy.standardError)")
    }

    @Test func sqlThatIsNotAPlainReadEndsWithAMessageNotASignal() throws {
        let folder = try Ducha.folder(with: [:])
        _ = try Ducha.run(["init", "w"], in: folder)
        let workspace = folder.appendingPathComponent("w")
        for sandbox in [[], ["--sandbox"]] {
            for statement in ["SAVEPOINT a", "BEGIN", "COMMIT"] {
                let outcome = try Ducha.run(sandbox + ["-e", "return ducha.sql('\(statement)')"], in: workspace)
                #expect(outcome.status == 1)
                #expect(
                    outcome.standardError.hasPrefix(
                        "(command line):1: ducha.sql runs only plain reads (SELECT, WITH … SELECT, VALUES), not "
                            + "\(statement.prefix { $0 != " " }): "),
                    "\(sandbox) \(statement): \(outcome.standardError)")
            }
        }
    }

    @Test func dangerousFacilitiesAreUnavailable() throws {
        let script = """
            assert(io == nil and debug == nil and package == nil and not pcall(require, "io"))
            assert(os.execute == nil and os.getenv == nil and os.exit == nil)
            local f, message = load("\\27LuaT\\0")
            assert(f == nil and message:find("binary chunk"), message)
            print("confined")
            print(pcall(function() return io.open("/etc/passwd") end))
            """
        let folder = try Ducha.folder(with: ["probe.lua": script])
        let outcome = try Ducha.run(["run", "--sandbox", "probe.lua"], in: folder)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(
            outcome.standardOutput.hasPrefix("confined\nfalse\tprobe.lua:6: attempt to index a nil value (global 'io')")
        )
    }

    @Test func theSameFacilitiesExistWithoutTheSandbox() throws {
        let outcome = try Ducha.run(["-e", "return type(io.open), type(os.execute), type(debug.traceback)"])
        #expect(outcome.standardOutput == "function\tfunction\tfunction\n")
    }

    @Test func theDuchaTableIsThereInBothModes() throws {
        for arguments in [["-e", "return ducha.api"], ["--sandbox", "-e", "return ducha.api"]] {
            let outcome = try Ducha.run(arguments)
            #expect(outcome.standardOutput == "1.0\n")
        }
    }
}
