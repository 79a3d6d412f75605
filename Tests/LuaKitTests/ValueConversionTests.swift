import LuaKit
import Testing

/// Round trips of every value kind between Swift and Lua.
@Suite struct ValueConversionTests {
    let state: LuaState

    init() throws { state = try LuaState() }

    /// Sends a value through Lua and back: Swift pushes it as an argument, Lua returns it.
    private func roundTrip(_ value: LuaValue) throws -> LuaValue {
        try state.execute("return ...", name: "=roundtrip", arguments: [value]).first ?? .nil
    }

    @Test func scalarsSurviveARoundTrip() throws {
        let values: [LuaValue] = [
            .nil, true, false, 0, 42, -7, .integer(Int64.max), .integer(Int64.min),
            .integer(9_007_199_254_740_993), 0.1, 1e308, .number(.infinity), -2.5,
        ]
        for value in values { #expect(try roundTrip(value) == value) }
    }

    @Test func integersAboveTwoToTheFiftyThreeStayExactIntegersInLua() throws {
        let results = try state.execute(
            "local x = ...; return math.type(x), x == 9007199254740993, x - 9007199254740992",
            name: "=int", arguments: [.integer(9_007_199_254_740_993)])
        #expect(results == ["integer", true, 1])
    }

    @Test func negativeZeroKeepsItsSign() throws {
        let back = try roundTrip(.number(-0.0))
        #expect(back.numberValue?.sign == .minus)
        let lua = try state.execute("local x = ...; return 1 / x == -math.huge", name: "=z", arguments: [.number(-0.0)])
        #expect(lua == [true])
    }

    @Test func integersAndFloatsKeepTheirSubtype() throws {
        let results = try state.execute("return 3, 3.0, 2^53", name: "=types")
        #expect(results == [.integer(3), .number(3.0), .number(9_007_199_254_740_992)])
    }

    @Test func stringsAreByteExact() throws {
        let cjk: LuaValue = "益阳市纪委监委 赫山区"
        #expect(try roundTrip(cjk) == cjk)
        let withNul = LuaValue.string(LuaString(bytes: [0x61, 0x00, 0x62]))
        #expect(try roundTrip(withNul) == withNul)
        let invalidUTF8 = LuaValue.string(LuaString(bytes: [0xFF, 0xFE, 0x00, 0xC3]))
        #expect(try roundTrip(invalidUTF8) == invalidUTF8)
        let lua = try state.execute(
            "local s = ...; return #s, s:byte(2), utf8.len('益阳')", name: "=bytes", arguments: [withNul])
        #expect(lua == [3, 0, 2])
    }

    @Test func gb18030BytesPassThroughUnchanged() throws {
        // "益阳" in GB18030.
        let bytes: [UInt8] = [0xD2, 0xE6, 0xD1, 0xF4]
        let value = LuaValue.string(LuaString(bytes: bytes))
        #expect(try roundTrip(value) == value)
    }

    @Test func nestedTablesSurviveARoundTrip() throws {
        var inner = LuaTable(sequence: ["赫山区", 99, 0.5])
        inner["closed"] = true
        var outer = LuaTable(sequence: [.table(inner), .table(LuaTable())])
        outer["name"] = "益阳"
        outer[.integer(-1)] = "negative key"
        outer[2.5] = "float key"
        outer[true] = "boolean key"
        #expect(try roundTrip(.table(outer)) == .table(outer))
    }

    @Test func tablesBuiltInLuaConvertWithTheirSequenceAndFields() throws {
        let result = try state.execute("return { 'a', 'b', nil, 'd', x = 1, [10] = 'ten' }", name: "=t").first
        let table = try #require(result?.tableValue)
        #expect(table.sequence == ["a", "b"])
        #expect(table[4] == "d")
        #expect(table["x"] == 1)
        #expect(table[10] == "ten")
        #expect(table.count == 5)
    }

    @Test func conversionIgnoresMetamethods() throws {
        let result = try state.execute(
            """
            return setmetatable({ 1 }, {
              __index = function() error("never") end,
              __pairs = function() error("never") end,
              __len = function() return 99 end,
            })
            """, name: "=meta")
        #expect(result == [.table(LuaTable(sequence: [1]))])
    }

    @Test func aCyclicTableIsReportedNotLoopedOver() throws {
        #expect {
            try state.execute("local t = { child = {} }; t.child.parent = t; return t", name: "=cycle")
        } throws: { error in
            (error as? LuaError)?.kind == .conversion && "\(error)".contains("cycle")
        }
    }

    @Test func sharedButAcyclicTablesAreCopiedEachTime() throws {
        let result = try state.execute("local shared = { 1 }; return { shared, shared }", name: "=dag").first
        #expect(
            result == .table(LuaTable(sequence: [.table(LuaTable(sequence: [1])), .table(LuaTable(sequence: [1]))])))
    }

    @Test func aCyclicTableRoundTripsByReferenceWithItsIdentity() throws {
        try state.setGlobal(
            "keep",
            state.function("keep") { call in
                let reference = try call.reference(1)
                try call.push(reference: reference)
            })
        let results = try state.execute(
            "local t = {}; t.self = t; local back = keep(t); return rawequal(back, t), back.self == t",
            name: "=identity")
        #expect(results == [true, true])
    }

    @Test func functionsAndUserdataComeBackAsReferencesThatCanBeCalled() throws {
        let results = try state.execute("return function(a, b) return a .. b end, io.stdout", name: "=refs")
        guard case .function = results[0], case .userdata = results[1] else {
            Issue.record("expected a function and a userdata, got \(results)")
            return
        }
        #expect(try state.call(results[0], ["督", "查"]) == ["督查"])
    }

    @Test func tableKeysCannotBeNaN() throws {
        var table = LuaTable()
        table[.number(.nan)] = 1
        #expect(throws: LuaError.self) { try roundTrip(.table(table)) }
    }

    @Test func aKeyHeldByAReferenceCannotBeNilOrNaN() throws {
        let table = try state.reference(to: .table(LuaTable()))
        for held in [LuaValue.nil, .number(.nan)] {
            let key = try state.reference(to: held)
            let error = try #require(throws: LuaError.self) { try state.rawSet(table, .tableReference(key), 1) }
            #expect(error.kind == .conversion)
        }
        try state.rawSet(table, "kept", 1)
        #expect(try state.rawGet(table, "kept") == 1)
    }

    @Test func luaTableRawSemantics() {
        var table = LuaTable(sequence: [1, 2, 3])
        table[5] = 5
        #expect(table.sequence == [1, 2, 3])
        table[4] = 4
        #expect(table.sequence == [1, 2, 3, 4, 5])
        table[2] = nil
        #expect(table.sequence == [1])
        #expect(table[3] == 3)
        #expect(table[2.0] == nil)
        table[2.0] = "two"
        #expect(table.sequence == [1, "two", 3, 4, 5])
    }
}
