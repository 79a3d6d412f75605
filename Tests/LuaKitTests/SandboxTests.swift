import LuaKit
import Testing

/// The sandbox environment of DESIGN.md decision 5, item by item.
@Suite struct SandboxTests {
    let state: LuaState
    let environment: LuaReference

    init() throws {
        state = try LuaState(libraries: .safe)
        environment = try state.newSandboxEnvironment()
    }

    private func run(_ source: String) throws -> [LuaValue] {
        try state.execute(source, name: "@plugin.lua", environment: environment)
    }

    @Test(arguments: [
        "io", "debug", "package", "require", "dofile", "loadfile", "warn", "string.dump",
        "os.execute", "os.getenv", "os.exit", "os.remove", "os.rename", "os.tmpname", "os.setlocale",
    ])
    func dangerousNamesAreAbsent(name: String) throws {
        #expect(try run("return \(name) == nil") == [true])
    }

    @Test(arguments: [
        "os.time", "os.date", "os.clock", "os.difftime", "string.format", "table.concat", "math.floor",
        "utf8.char", "coroutine.wrap", "pcall", "select",
    ])
    func safeNamesArePresent(name: String) throws {
        #expect(try run("return type(\(name))") == ["function"])
    }

    @Test func bytecodeIsRefused() throws {
        let trusted = try LuaState()
        let dumped = try trusted.execute("return string.dump(function() return 1 end)", name: "=dump")[0]
        let results = try state.execute(
            "local code = ...; local f, message = load(code); return f == nil, message", name: "=load",
            environment: environment, arguments: [dumped])
        #expect(results == [true, "attempt to load a binary chunk (mode is 't')"])
        let forced = try state.execute(
            "local code = ...; return load(code, 'x', 'b')", name: "=load", environment: environment,
            arguments: [dumped])
        #expect(forced[0] == .nil)
        guard case .string(let bytecode) = dumped else {
            Issue.record("string.dump returned \(dumped.typeName)")
            return
        }
        let refusal = try #require(throws: LuaError.self) { try state.load(bytes: bytecode.bytes, name: "@b.luac") }
        #expect(refusal.message == "b.luac: a precompiled (binary) chunk cannot be loaded; load its source")
    }

    @Test func loadCompilesIntoTheSandboxByDefault() throws {
        #expect(try run("secret = 1; return load('return secret')()") == [1])
        #expect(try run("return load('return io')()") == [.nil])
        #expect(try run("return load('return x', 'c', 't', { x = 5 })()") == [5])
    }

    @Test func setmetatableRefusesGc() throws {
        let results = try run("return pcall(setmetatable, {}, { __gc = function() while true do end end })")
        #expect(results == [false, "bad argument #2 to 'setmetatable' ('__gc' is not allowed here)"])
        #expect(try run("return getmetatable(setmetatable({}, { __index = {} })) ~= nil") == [true])
    }

    @Test func collectgarbageOnlyCounts() throws {
        #expect(try run("return type(collectgarbage('count'))") == ["number"])
        for option in ["collect", "stop", "step", "incremental", "generational", ""] {
            #expect(try run("return (pcall(collectgarbage, '\(option)'))") == [false])
        }
    }

    @Test func noAddressLeaks() throws {
        let results = try run(
            "return tostring({}), tostring(print), string.format('%s|%s', {}, print), (pcall(string.format, '%p', {}))")
        #expect(results == ["table", "function", "table|function", false])
        #expect(try run("return ('%5.1f %d %s %%'):format(1.25, 3, 'x')") == ["  1.2 3 x %"])
        #expect(try run("return tostring(setmetatable({}, { __tostring = function() return 'mine' end }))") == ["mine"])
    }

    @Test func libraryTablesAreReadOnlyAndTheStringMetatableIsLocked() throws {
        #expect(try run("return (pcall(function() string.upper = nil end))") == [false])
        #expect(try run("return (pcall(function() math.pi = 3 end))") == [false])
        #expect(try run("return getmetatable('')") == ["string"])
        #expect(try run("return ('abc'):upper()") == ["ABC"])
        var names: [String] = []
        for value in try run("local names = {} for k in pairs(table) do names[#names + 1] = k end return names") {
            names = value.tableValue?.sequence.compactMap(\.stringValue) ?? []
        }
        #expect(names.contains("concat"))
    }

    @Test func environmentsAreIsolatedFromEachOther() throws {
        let other = try state.newSandboxEnvironment()
        _ = try run("shared = 'mine'; rawset(string, 'upper', function() return 'evil' end); print = nil")
        let seen = try state.execute(
            "return shared, string.upper('x'), ('x'):upper(), type(print)", name: "=other", environment: other)
        #expect(seen == [.nil, "X", "X", "function"])
    }

    @Test(arguments: ["string", "math", "table", "os", "coroutine", "utf8"])
    func pairsDoesNotHandOutTheLibraryBehindAReadOnlyTable(library: String) throws {
        let other = try state.newSandboxEnvironment()
        let results = try run(
            """
            local _, state = pairs(\(library))
            if type(state) == "table" then rawset(state, "planted", true) end
            local names = 0
            for _ in pairs(\(library)) do names = names + 1 end
            return type(state), names > 0
            """)
        #expect(results[1] == true)
        let seen = try state.execute(
            "return \(library).planted, ('x'):upper()", name: "=other", environment: other)
        #expect(seen == [.nil, "X"])
    }

    @Test func patternFunctionsTakeBoundedInputs() throws {
        let results = try run("return pcall(string.find, ('a'):rep(20), ('a*'):rep(200) .. 'b')")
        #expect(results[0] == false)
        #expect(results[1].stringValue?.contains("pattern longer than 256 bytes") == true)
        let subject = try run("return pcall(string.find, ('a'):rep(2 * 1024 * 1024), 'b', 1, true)")
        #expect(subject[0] == false)
        #expect(try run("return ('2021-08-01'):match('(%d+)-(%d+)-(%d+)')") == ["2021", "08", "01"])
    }
}
