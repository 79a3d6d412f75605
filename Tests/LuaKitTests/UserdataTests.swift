import LuaKit
import Testing

final class Counter {
    nonisolated(unsafe) static var live = 0
    var value: Int64 = 0
    init() { Counter.live += 1 }
    deinit { Counter.live -= 1 }
}

final class Other {}

/// Swift objects held by Lua userdata.
@Suite(.serialized) struct UserdataTests {
    let state: LuaState

    init() throws {
        state = try LuaState()
        try state.register(
            Counter.self, name: "Counter",
            methods: [
                "add": { counter, call in
                    counter.value += try call.integer(2)
                    call.push(counter.value)
                },
                "__tostring": { counter, call in call.push("Counter(\(counter.value))") },
            ])
        try state.register(Other.self, name: "Other", methods: [:])
        try state.setGlobal("Counter", state.function("Counter") { call in try call.push(object: Counter()) })
        try state.setGlobal("Other", state.function("Other") { call in try call.push(object: Other()) })
    }

    @Test func methodsReachTheSwiftObject() throws {
        let results = try state.execute("local c = Counter(); c:add(2); return c:add(40), tostring(c)", name: "=u")
        #expect(results == [42, "Counter(42)"])
    }

    @Test func theMetatableIsLocked() throws {
        let results = try state.execute(
            "local c = Counter(); return getmetatable(c), pcall(setmetatable, c, {})", name: "=u")
        #expect(results[0] == "Counter")
        #expect(results[1] == false)
    }

    @Test(arguments: ["__gc", "__metatable", "__name"])
    func methodsCannotReplaceTheMetatablesOwnFields(name: String) throws {
        final class Plain {}
        let error = try #require(throws: LuaError.self) {
            try state.register(Plain.self, name: "Plain", methods: [name: { _, _ in }])
        }
        #expect(error.message == "Plain: \(name) is LuaKit's own and cannot be a method")
    }

    @Test func aMethodRefusesAnotherTypesUserdata() throws {
        let results = try state.execute("local c = Counter(); return pcall(c.add, Other(), 1)", name: "=u")
        #expect(results == [false, "bad argument #1 to 'Counter.add' (Counter expected, got userdata)"])
    }

    @Test func aHundredThousandUserdataAreAllReleasedWhenCollected() throws {
        Counter.live = 0
        let results = try state.execute(
            """
            local made = 0
            for i = 1, 100000 do local c = Counter(); c:add(i); made = made + 1 end
            collectgarbage(); collectgarbage()
            return made
            """, name: "=many")
        #expect(results == [100_000])
        #expect(Counter.live == 0)
    }

    @Test func gcCalledByHandIsIdempotent() throws {
        Counter.live = 0
        let results = try state.execute(
            """
            local c = Counter()
            local gc = debug.getmetatable(c).__gc
            gc(c); gc(c)
            return pcall(c.add, c, 1)
            """, name: "=gc")
        #expect(results[0] == false)
        #expect(Counter.live == 0)
        try state.execute("collectgarbage()", name: "=collect")
        #expect(Counter.live == 0)
    }

    @Test func objectsLiveAsLongAsLuaHoldsThem() throws {
        Counter.live = 0
        try state.execute("kept = Counter()", name: "=keep")
        try state.execute("collectgarbage()", name: "=collect")
        #expect(Counter.live == 1)
        try state.execute("kept = nil; collectgarbage()", name: "=drop")
        #expect(Counter.live == 0)
    }
}
