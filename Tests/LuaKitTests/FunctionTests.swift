import LuaKit
import Testing

/// Counts live instances, to show what a call leaves behind.
final class Tracked {
    nonisolated(unsafe) static var live = 0
    init() { Tracked.live += 1 }
    deinit { Tracked.live -= 1 }
}

/// Swift functions called from Lua: arguments, results, errors and what they release.
@Suite(.serialized) struct FunctionTests {
    let state: LuaState

    init() throws { state = try LuaState() }

    @Test func aSwiftFunctionTakesArgumentsAndReturnsResults() throws {
        try state.setGlobal(
            "divmod",
            state.function("divmod") { call in
                let a = try call.integer(1)
                let b = try call.integer(2)
                call.push(a / b)
                call.push(a % b)
            })
        #expect(try state.execute("return divmod(17, 5)", name: "=f") == [3, 2])
    }

    @Test func aThrownErrorIsCatchableByPcallWithLuasWording() throws {
        try state.setGlobal("increment", state.function("increment") { call in call.push(try call.integer(1) + 1) })
        let results = try state.execute("return pcall(increment, {})", name: "=f")
        #expect(results == [false, "bad argument #1 to 'increment' (number expected, got table)"])
        let positioned = try state.execute("return pcall(function() return increment('x') end)", name: "@calls.lua")
        #expect(positioned[1].stringValue?.hasPrefix("calls.lua:1: bad argument #1") == true)
    }

    @Test func aFailingFunctionReleasesEverySwiftObjectItHeld() throws {
        Tracked.live = 0
        try state.setGlobal(
            "fails",
            state.function("fails") { _ in
                let held = (0..<10).map { _ in Tracked() }
                throw LuaScriptError("failed holding \(held.count) objects")
            })
        let results = try state.execute(
            "local failures = 0 for i = 1, 1000 do if not pcall(fails) then failures = failures + 1 end end return failures",
            name: "=f")
        #expect(results == [1000])
        #expect(Tracked.live == 0)
    }

    @Test func anArbitrarySwiftErrorBecomesAMessageWithThePosition() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "refused: 不允许" } }
        try state.setGlobal("refuse", state.function("refuse") { _ in throw Refused() })
        #expect(throws: LuaError.self) { try state.execute("\nrefuse()", name: "@r.lua") }
        do {
            try state.execute("\nrefuse()", name: "@r.lua")
        } catch let error as LuaError {
            #expect(error.message == "r.lua:2: refused: 不允许")
            #expect(error.kind == .runtime)
            #expect(error.traceback?.contains("r.lua:2: in main chunk") == true)
        }
    }

    @Test func aSwiftFunctionCanCallBackIntoLua() throws {
        try state.setGlobal(
            "twice",
            state.function("twice") { call in
                let function = try call.value(1)
                let once = try call.state.call(function, [try call.value(2)])
                try call.push(try call.state.call(function, once).first ?? .nil)
            })
        #expect(try state.execute("return twice(function(x) return x * 3 end, 7)", name: "=f") == [63])
    }

    @Test func anErrorInsideACallbackPropagatesAsALuaError() throws {
        try state.setGlobal(
            "apply",
            state.function("apply") { call in
                try call.state.call(try call.value(1))
            })
        let results = try state.execute("return pcall(apply, function() error('inner') end)", name: "@cb.lua")
        #expect(results[0] == false)
        #expect(results[1].stringValue?.contains("cb.lua:1: inner") == true)
    }

    @Test func releasedFunctionsDoNotLeakTheirClosures() throws {
        Tracked.live = 0
        do {
            let scratch = try LuaState()
            for index in 0..<100 {
                let tracked = Tracked()
                try scratch.setGlobal("f\(index)", scratch.function("f") { _ in _ = tracked })
            }
            #expect(Tracked.live == 100)
        }
        #expect(Tracked.live == 0)
    }
}
