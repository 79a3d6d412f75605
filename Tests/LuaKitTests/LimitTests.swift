import Dispatch
import Foundation
import LuaKit
import Testing

/// Instruction, time and memory limits, and cancellation.
@Suite struct LimitTests {
    private func failure(_ state: LuaState, _ source: String) -> LuaError? {
        do {
            try state.execute(source, name: "@limits.lua")
            return nil
        } catch {
            return error as? LuaError
        }
    }

    @Test(arguments: [
        "while true do end",
        "while true do pcall(function() while true do end end) end",
        "local co = coroutine.wrap(function() while true do end end); co()",
        "local function spin() return pcall(spin) end; while true do spin() end",
        "while true do xpcall(function() while true do end end, function() while true do end end) end",
        "local co = coroutine.create(function() while true do end end); coroutine.resume(co)",
        "local co = coroutine.create(function() while true do end end); return coroutine.resume(co)",
        "for _ = 1, 10 do coroutine.resume(coroutine.create(function() while true do end end)) end",
    ])
    func theInstructionLimitStopsEveryEscape(source: String) throws {
        let state = try LuaState()
        state.limits = LuaLimits(instructions: 2_000_000)
        let error = try #require(failure(state, source))
        #expect(error.kind == .instructionLimit)
        #expect(error.message.contains("instruction limit exceeded (2000000 instructions)"))
    }

    @Test func theTimeLimitStopsALoopWithItsPosition() throws {
        let state = try LuaState()
        state.limits = LuaLimits(seconds: 0.2)
        let started = DispatchTime.now()
        let error = try #require(failure(state, "local n = 0\nwhile true do n = n + 1 end"))
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        #expect(error.kind == .timeLimit)
        #expect(error.message == "limits.lua:2: time limit exceeded (0.2 s)")
        #expect(elapsed < 1.5)
    }

    @Test func aTripFoundByAHostFunctionCannotBeCaughtEither() throws {
        let state = try LuaState()
        state.limits = LuaLimits(seconds: 0.3)
        let check = state.canceller.stopCheck
        // A long host call, as an SQL statement stopped by SQLite's progress handler is.
        try state.setGlobal(
            "long_call",
            state.function("long_call") { _ in
                while check.function(check.context) == 0 { usleep(1000) }
                throw LuaScriptError("stopped")
            })
        let error = try #require(
            failure(
                state,
                """
                rounds = 0
                for _ = 1, 100 do
                    pcall(long_call)
                    pcall(function() for _ = 1, 1e5 do end end)
                    rounds = rounds + 1
                end
                """))
        #expect(error.kind == .timeLimit)
        // Once tripped, the run ends at the next instruction outside a pcall.
        #expect(try state.global("rounds") == 0)
    }

    @Test func aStateStaysUsableAfterALimitTrips() throws {
        let state = try LuaState()
        state.limits = LuaLimits(instructions: 100_000)
        _ = failure(state, "while true do end")
        #expect(try state.execute("return 6 * 7", name: "=after") == [42])
    }

    @Test(arguments: [
        "return string.rep('x', 1e9)",
        "local s = 'x' while true do s = s .. s end",
        "local t = {} for i = 1, 1e9 do t[i] = i end",
        "local t = {} for i = 1, 1e9 do t[i] = { i } end",
    ])
    func memoryBombsFailWithNotEnoughMemory(source: String) throws {
        let state = try LuaState()
        state.limits = LuaLimits(memoryBytes: 32 << 20)
        let error = try #require(failure(state, source))
        #expect(error.kind == .memory)
        #expect(error.message.contains("not enough memory"))
        #expect(try state.execute("return #string.rep('y', 1000)", name: "=after") == [1000])
        try state.execute("collectgarbage()", name: "=collect")
        #expect(state.memoryInUse < 1 << 20)
    }

    @Test func aMemoryErrorIsCatchableAndTheScriptGoesOn() throws {
        let state = try LuaState()
        state.limits = LuaLimits(memoryBytes: 32 << 20)
        let results = try state.execute(
            "local ok, message = pcall(string.rep, 'x', 1e9); return ok, message", name: "=m")
        #expect(results == [false, "not enough memory"])
    }

    @Test func aSwiftFunctionPushingPastTheLimitRaisesInLuaNotInSwift() throws {
        let state = try LuaState()
        state.limits = LuaLimits(memoryBytes: 16 << 20)
        try state.setGlobal(
            "big",
            state.function("big") { call in call.push(String(repeating: "字", count: 8 << 20)) })
        let results = try state.execute("return pcall(big)", name: "=big")
        #expect(results == [false, "not enough memory"])
    }

    @Test func deepRecursionErrorsCleanly() throws {
        let state = try LuaState()
        // Room for Lua's deepest stack (a million slots and their call records, counted
        // with malloc's headers), so that the stack's own limit is the one reached.
        state.limits = LuaLimits(memoryBytes: 128 << 20)
        let error = try #require(failure(state, "local function f(n) return 1 + f(n + 1) end return f(1)"))
        #expect(error.message.contains("stack overflow"))
        let metamethod = try #require(
            failure(
                state,
                "local t = setmetatable({}, {}); getmetatable(t).__index = function(t, k) return t[k] end; return t.x"))
        #expect(metamethod.message.contains("stack overflow"))
        #expect(try state.execute("return 1", name: "=after") == [1])
    }

    @Test(
        arguments: [false, true],
        [
            "while true do end",
            "coroutine.wrap(function() while true do end end)()",
            "local co = coroutine.create(function() while true do end end); coroutine.resume(co); while true do end",
            "coroutine.wrap(function() coroutine.wrap(function() while true do end end)() end)()",
        ])
    func cancelStopsARunningLoopFromAnotherThread(withLimits: Bool, source: String) throws {
        let state = try LuaState()
        if withLimits { state.limits = LuaLimits(seconds: 30) }
        let canceller = state.canceller
        // A thread of its own: the shared pools' threads may all be running tests.
        Thread {
            Thread.sleep(forTimeInterval: 0.2)
            canceller.cancel()
        }.start()
        let started = DispatchTime.now()
        let error = try #require(failure(state, source))
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        #expect(error.kind == .interrupted)
        #expect(error.message == "limits.lua:1: interrupted")
        #expect(elapsed < 1.5)
        #expect(try state.execute("return 'still here'", name: "=after") == ["still here"])
    }

    /// Ctrl-C lands wherever the run happens to be: mostly the coroutine dies with the run,
    /// but one cancelled while it yields lives on with the hook the trip gave it. Either way
    /// the next run must not pay for that hook on every instruction.
    @Test func aCoroutineStoppedByCancelRunsAtFullSpeedInTheNextRun() throws {
        let state = try LuaState()
        for _ in 1...5 {
            let canceller = state.canceller
            Thread {
                Thread.sleep(forTimeInterval: 0.05)
                canceller.cancel()
            }.start()
            _ = failure(
                state,
                "spin = coroutine.wrap(function() while true do coroutine.yield() end end) while true do spin() end"
            )
            try state.execute("pcall(function() for _ = 1, 10000 do spin() end end)", name: "=again")
            #expect(state.instructionsExecuted < 100)
        }
    }

    @Test func coroutinesKeepTheirStandardBehaviour() throws {
        let state = try LuaState()
        let results = try state.execute(
            """
            local co = coroutine.wrap(function(a)
                local b = coroutine.yield(a + 1)
                return xpcall(function() return coroutine.yield(b * 2) + 1 end, debug.traceback)
            end)
            local failed = coroutine.create(function() error("boom") end)
            local function call_failing() return (coroutine.wrap(function() error("inner") end))() end
            return co(1), co(5), select(2, co(41)), select(2, coroutine.resume(failed)),
                select(2, pcall(coroutine.wrap, 1)), select(2, pcall(call_failing)),
                select(2, pcall(coroutine.resume, 1))
            """, name: "@co.lua")
        #expect(
            results == [
                2, 10, 42, "co.lua:5: boom", "bad argument #1 to 'coroutine.wrap' (function expected, got number)",
                "co.lua:6: co.lua:6: inner", "bad argument #1 to 'coroutine.resume' (thread expected, got number)",
            ])
    }

    @Test func aStateWithoutLimitsRunsWithoutTheHook() throws {
        let state = try LuaState()
        try state.execute("for i = 1, 100000 do end", name: "=loop")
        #expect(state.instructionsExecuted == 0)
        state.limits = LuaLimits(instructions: 1_000_000_000)
        try state.execute("for i = 1, 100000 do end", name: "=loop")
        #expect(state.instructionsExecuted >= 100_000)
    }
}
