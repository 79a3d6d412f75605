import Foundation
import Testing

/// Scripts that try to leave the sandbox: write files, reach host values' metatables, run
/// finalizers or bytecode, swallow a limit, load modules, see addresses or the libraries
/// the sandbox leaves out. Each is refused with a message, and leaves the workspace as it was.
@Suite struct SandboxEscapeTests {
    static let saves: [ScriptCase] = [
        ScriptCase(
            "report.save cannot overwrite ducha.toml",
            "local r = require 'ducha.report'\nr.title('x')\nr.save('ducha.toml', 'markdown')",
            naming: "report.save is not available under --sandbox"),
        ScriptCase(
            "report.save cannot write a workspace report that ducha would run",
            "local r = require 'ducha.report'\nr.title('x')\nr.save('reports/overview.lua', 'markdown')",
            naming: "report.save is not available under --sandbox"),
        ScriptCase(
            "report.save cannot climb out of the workspace with ..",
            "local r = require 'ducha.report'\nr.title('x')\nr.save('../escaped.md')",
            naming: "report.save is not available under --sandbox"),
        ScriptCase(
            "report.save cannot write an absolute path",
            "local r = require 'ducha.report'\nr.title('x')\nr.save('/tmp/ducha-hostile-escape.md')",
            naming: "report.save is not available under --sandbox"),
        ScriptCase(
            "report.save cannot write the workspace's own path spelled out",
            "local r = require 'ducha.report'\nr.title('x')\nr.save(ducha.workspace.path .. '/ducha.toml', 'markdown')",
            naming: "report.save is not available under --sandbox"),
    ]

    @Test(arguments: saves)
    func aSandboxedScriptSavesNothing(_ hostile: ScriptCase) throws {
        // A refusal that failed would write: each runs on its own copy.
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        try Hostile.expectCleanScript(hostile.script, in: workspace, naming: hostile.naming)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/ducha-hostile-escape.md"))
        #expect(!FileManager.default.fileExists(atPath: workspace.deletingLastPathComponent().path + "/escaped.md"))
    }

    static let metatables: [ScriptCase] = [
        ScriptCase(
            "a query's metatable cannot be replaced", "setmetatable(ducha.findings, {})",
            naming: "cannot change a protected metatable"),
        ScriptCase(
            "the ducha table's metatable cannot be replaced", "setmetatable(ducha, { __index = _G })",
            naming: "cannot change a protected metatable"),
        ScriptCase(
            "a query's metatable is a name, not a table to change",
            "getmetatable(ducha.findings).__index = function() end", naming: "attempt to index a string value"),
        ScriptCase(
            "the ducha table's metatable is a name, not a table to change",
            "getmetatable(ducha).__newindex = print", naming: "attempt to index a string value"),
        ScriptCase(
            "a row cannot be given a finalizer",
            "setmetatable(ducha.findings:first(), { __gc = function() end })",
            naming: "'__gc' is not allowed here"),
        ScriptCase(
            "the each() iterator takes no metatable",
            "setmetatable(ducha.findings:each(), {})", naming: "table expected, got function"),
        ScriptCase(
            "the each() iterator shows no metatable",
            "error('probe: ' .. tostring(getmetatable(ducha.findings:each())))", naming: "probe: nil"),
        ScriptCase(
            "the report module cannot be given a finalizer",
            "setmetatable(require 'ducha.report', { __gc = function() end })", naming: "'__gc' is not allowed here"),
        ScriptCase(
            "a library table shows no metatable to reach the real library through",
            "getmetatable(string).__index.dump = nil", naming: "attempt to index a boolean value"),
        ScriptCase(
            "the string metatable is a name, not a table to change",
            "getmetatable('').__index = { rep = print }", naming: "attempt to index a string value"),
        ScriptCase(
            "a string takes no new metatable", "setmetatable('', {})", naming: "table expected, got string"),
        ScriptCase(
            "rawset on the string metatable is refused", "rawset(getmetatable(''), 'dump', print)",
            naming: "table expected, got string"),
        ScriptCase(
            "a library table is read-only", "string.rep = function() return 'owned' end",
            naming: "attempt to modify read-only table 'string'"),
        ScriptCase(
            "rawset on a library changes only the script's own view, not string methods",
            "rawset(string, 'rep', function() return 'owned' end)\nerror('probe: ' .. ('ab'):rep(2))",
            naming: "probe: abab"),
        ScriptCase(
            "next over a library hands out nothing of the real table",
            "error('probe: ' .. tostring(next(string)))", naming: "probe: nil"),
    ]

    @Test(arguments: metatables)
    func hostMetatablesAndLibrariesStayProtected(_ hostile: ScriptCase) throws {
        try Hostile.expectCleanScript(hostile.script, in: Fixtures.sample.get(), naming: hostile.naming)
    }

    static let finalizers: [ScriptCase] = [
        ScriptCase(
            "a metatable with __gc is refused",
            "setmetatable({}, { __gc = function() print('FINALIZED') end })", naming: "'__gc' is not allowed here"),
        ScriptCase(
            "__gc added after setmetatable never runs",
            "local mt = {}\nsetmetatable({}, mt)\nmt.__gc = function() print('FINALIZED') end\nerror('probe: finished')",
            naming: "probe: finished"),
        ScriptCase(
            "__gc offered through __index never runs",
            """
            local mt = setmetatable({}, { __index = function(_, key)
              if key == "__gc" then return function() print('FINALIZED') end end
            end })
            setmetatable({}, mt)
            error('probe: finished')
            """, naming: "probe: finished"),
        ScriptCase(
            "__gc on a proxy's metatable cannot be set through a library view",
            "rawset(getmetatable('') or {}, '__gc', print)", naming: "table expected, got string"),
    ]

    @Test(arguments: finalizers)
    func noFinalizerRuns(_ hostile: ScriptCase) throws {
        let outcome = try Hostile.expectCleanScript(hostile.script, in: Fixtures.sample.get(), naming: hostile.naming)
        #expect(!outcome.standardOutput.contains("FINALIZED"))
    }

    @Test(arguments: [nil, "collect", "step", "stop", "restart", "incremental", "generational", "setpause"])
    func collectgarbageAnswersOnlyCount(option: String?) throws {
        let call = option.map { "collectgarbage('\($0)')" } ?? "collectgarbage()"
        try Hostile.expectCleanScript(
            call, in: Fixtures.sample.get(),
            naming: ["bad argument #1 to 'collectgarbage' (only \"count\" is allowed here)"])
    }

    static let bytecode: [ScriptCase] = [
        ScriptCase(
            "load refuses a binary chunk", "local f, e = load('\\27LuaT\\0\\25\\147')\nerror(e)",
            naming: "attempt to load a binary chunk (mode is 't')"),
        ScriptCase(
            "load refuses a binary chunk when asked for mode b",
            "local f, e = load('\\27LuaT\\0', 'x', 'b')\nerror(e)",
            naming: "attempt to load a binary chunk (mode is 't')"),
        ScriptCase(
            "load refuses a binary chunk handed over piece by piece",
            "local parts, i = { '\\27', 'LuaT', '\\0' }, 0\nlocal f, e = load(function() i = i + 1 return parts[i] end, 'x', 'bt')\nerror(e)",
            naming: "attempt to load a binary chunk (mode is 't')"),
        ScriptCase(
            "string.dump is not there", "return string.dump(print)",
            naming: "attempt to call a nil value (field 'dump')"),
        ScriptCase(
            "string.dump is not there as a string method", "return ('x'):dump()",
            naming: "attempt to call a nil value (method 'dump')"),
        ScriptCase(
            "string.dump is not there raw either", "return rawget(string, 'dump')(print)",
            naming: "attempt to call a nil value"),
        ScriptCase(
            "a chunk loaded with a nil environment reaches no globals",
            "return load('return io.open', 'x', 't', nil)()", naming: "attempt to index a nil value"),
        ScriptCase(
            "a chunk loaded into a table environment reaches no host globals",
            "return load('return debug.getinfo(1)', 'x', 't', {})()",
            naming: "attempt to index a nil value (global 'debug')"),
        ScriptCase(
            "a reader that returns a table is refused",
            "local f, e = load(function() return {} end)\nerror(e)", naming: "reader function must return a string"),
    ]

    @Test(arguments: bytecode)
    func noBytecodeRuns(_ hostile: ScriptCase) throws {
        try Hostile.expectCleanScript(hostile.script, in: Fixtures.sample.get(), naming: hostile.naming)
    }

    /// Each spins inside a construct that catches errors; the time limit still ends the run.
    static let swallowers: [ScriptCase] = [
        ScriptCase(
            "pcall around an endless loop, itself in an endless loop",
            "while true do pcall(function() while true do end end) end", naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "an endless coroutine resumed under pcall again and again",
            "local co = coroutine.wrap(function() while true do end end)\nwhile true do pcall(co) end",
            naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "xpcall whose handler loops too",
            "xpcall(function() while true do end end, function() while true do end end)",
            naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "xpcall with error as its handler, in a loop",
            "while true do xpcall(function() while true do end end, error) end", naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "a fresh coroutine per trip",
            "while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
            naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "a coroutine closed after the trip",
            "local co = coroutine.create(function() while true do end end)\ncoroutine.resume(co)\ncoroutine.close(co)\nwhile true do end",
            naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "memory errors caught in a loop", "while true do pcall(string.rep, 'x', 1 << 40) end",
            naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "an endless tail call", "local function f() return f() end\nf()", naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "a gsub callback that catches the trip",
            "('x'):rep(100):gsub('.', function() pcall(function() while true do end end) end)",
            naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "a sort comparator that catches the trip",
            "table.sort({ 3, 2, 1, 5, 4 }, function(a, b) pcall(function() while true do end end) return a < b end)",
            naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "a to-be-closed variable whose __close loops",
            "do local x <close> = setmetatable({}, { __close = function() while true do end end })\nwhile true do end end",
            naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "an __index that loops, under pcall",
            "local t = setmetatable({}, { __index = function() while true do end end })\nwhile true do pcall(function() return t.x end) end",
            naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "coroutines a hundred deep, each catching",
            "local function dive(n) if n == 0 then while true do end end\nwhile true do coroutine.resume(coroutine.create(dive), n - 1) end end\ndive(100)",
            naming: "time limit exceeded (1 s)"),
        ScriptCase(
            "a loop over each() rows under pcall",
            "while true do pcall(function() for _ in ducha.findings:each() do while true do end end end) end",
            naming: "time limit exceeded (1 s)"),
    ]

    @Test(arguments: swallowers)
    func theTimeLimitCannotBeSwallowed(_ hostile: ScriptCase) throws {
        let folder = try Hostile.scripts(["hostile.lua": hostile.script])
        try Hostile.expectClean(
            ["run", "--sandbox", "--time-limit", "1", folder.appendingPathComponent("hostile.lua").path],
            in: Fixtures.sample.get(), naming: hostile.naming)
    }

    @Test(arguments: [
        "io", "os", "debug", "package", "/etc/passwd", "../ducha", "./ducha.toml", "ducha.report..", "ducha/report",
        "ducha", "socket", "ffi", "ducha.report\0", String(repeating: "a", count: 100_000),
    ])
    func requireLoadsOnlyTheReportModule(name: String) throws {
        let literal = name.replacingOccurrences(of: "\0", with: "\\0")
        // A name of 100 kB makes a message longer than the 64 KiB an error keeps: its start
        // still names the module, and the message says how much was cut.
        let naming =
            name.count > 100
            ? ["module '" + String(name.prefix(50)), "more bytes)"]
            : ["module '", "not found (sandboxed code may require only ducha.report)"]
        try Hostile.expectCleanScript("require('\(literal)')", in: Fixtures.sample.get(), naming: naming)
    }

    static let addresses: [ScriptCase] = [
        ScriptCase("%p is refused", "return string.format('%p', {})", naming: "'%p' is not allowed here"),
        ScriptCase(
            "tostring shows kinds, never addresses",
            "error(tostring({}) .. ' ' .. tostring(print) .. ' ' .. tostring(coroutine.create(print)) .. ' ' .. tostring(ducha.findings) .. ' ' .. tostring(ducha.findings:each()))",
            naming: "table function thread ducha.findings query function"),
        ScriptCase(
            "print shows kinds, never addresses", "print({}, print, coroutine.create(print))\nerror('probe: printed')",
            naming: "probe: printed"),
        ScriptCase(
            "a metatable's __name shows without an address",
            "error(tostring(setmetatable({}, { __name = 'X' })) .. '|' .. string.format('%s', setmetatable({}, { __name = 'Y' })))",
            naming: "X|Y"),
        ScriptCase(
            "string.format %s shows kinds, never addresses",
            "error(string.format('%s %s', print, {}))", naming: "function table"),
        ScriptCase(
            "a report shows kinds, never addresses",
            "local r = require 'ducha.report'\nr.text('%s and %s', print, {})\nr.table({ { a = {}, b = print } })\nerror('probe: reported')",
            naming: "probe: reported"),
        ScriptCase(
            "an error object that is a table shows no address", "error({})", naming: "(error object is a table value)"),
        ScriptCase(
            "%q refuses a function instead of showing it", "return string.format('%q', print)",
            naming: "value has no literal form"),
        ScriptCase(
            "__tostring must give a string",
            "return tostring(setmetatable({}, { __tostring = function() return {} end }))",
            naming: "'__tostring' must return a string"),
    ]

    @Test(arguments: addresses)
    func noAddressShows(_ hostile: ScriptCase) throws {
        let outcome = try Hostile.expectCleanScript(hostile.script, in: Fixtures.sample.get(), naming: hostile.naming)
        let address = try Regex("0x[0-9a-fA-F]{6,}")
        #expect(!outcome.standardOutput.contains(address))
        #expect(!outcome.standardError.contains(address))
    }

    @Test(arguments: [
        ("debug.getinfo(1)", "attempt to index a nil value (global 'debug')"),
        ("io.open('ducha.toml', 'w')", "attempt to index a nil value (global 'io')"),
        ("package.loadlib('libc.so.6', 'system')", "attempt to index a nil value (global 'package')"),
        ("os.execute('touch owned')", "attempt to call a nil value (field 'execute')"),
        ("os.getenv('HOME')", "attempt to call a nil value (field 'getenv')"),
        ("os.exit(0)", "attempt to call a nil value (field 'exit')"),
        ("os.remove('ducha.toml')", "attempt to call a nil value (field 'remove')"),
        ("os.rename('ducha.toml', 'x')", "attempt to call a nil value (field 'rename')"),
        ("os.tmpname()", "attempt to call a nil value (field 'tmpname')"),
        ("os.setlocale('C')", "attempt to call a nil value (field 'setlocale')"),
        ("dofile('ducha.toml')", "attempt to call a nil value (global 'dofile')"),
        ("loadfile('ducha.toml')", "attempt to call a nil value (global 'loadfile')"),
        ("warn('@on')", "attempt to call a nil value (global 'warn')"),
        ("_G.io.write('x')", "attempt to index a nil value (field 'io')"),
        ("require('ducha.report').io.write('x')", "attempt to index a nil value (field 'io')"),
    ])
    func leftOutLibrariesAreNotThere(call: String, message: String) throws {
        try Hostile.expectCleanScript(call, in: Fixtures.sample.get(), naming: [message])
    }
}

/// A plugin that may save reports under `out/` tries every other place: each save is
/// refused, naming the path, and nothing lands anywhere.
@Suite struct PluginSaveEscapeTests {
    /// Where each of the plugin's reports tries to save.
    static let targets: [String: String] = [
        "toml": "ducha.toml",
        "report": "reports/overview.lua",
        "parent": "../escaped.md",
        "absolute": "/tmp/ducha-hostile-escape.md",
        "dotdot-in-out": "out/../ducha.toml",
        "symlink": "out/link/escaped.md",
        "lua-in-out": "out/owned.lua",
        "plugin-code": "plugins/intruder/reports/toml.lua",
        "case": "OUT/escaped.md",
        "database": "ducha.sqlite",
        "nul": "out/x.md\\0.lua",
        "backslash": "out\\\\..\\\\..\\\\escaped.md",
    ]

    /// The sample with the plugin installed and `out/link` pointing outside the workspace.
    static let workspace: Result<URL, Error> = Result {
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        let plugin = workspace.deletingLastPathComponent().appendingPathComponent("intruder")
        var manifest = """
            name = "intruder"
            version = "1.0.0"
            api = "^1.0"
            [permissions]
            read = ["findings"]
            files = ["out/"]
            [reports]

            """
        try FileManager.default.createDirectory(
            at: plugin.appendingPathComponent("reports"), withIntermediateDirectories: true)
        for (name, target) in targets.sorted(by: { $0.key < $1.key }) {
            manifest += "\(name) = \"reports/\(name).lua\"\n"
            let script = "local r = require 'ducha.report'\nr.title('x')\nr.save('\(target)', 'markdown')\n"
            try Data(script.utf8).write(to: plugin.appendingPathComponent("reports/\(name).lua"))
        }
        try Data(manifest.utf8).write(to: plugin.appendingPathComponent("plugin.toml"))
        let installed = try Ducha.run(["plugin", "install", plugin.path, "--allow-unsigned", "--yes"], in: workspace)
        guard installed.status == 0 else { throw ChildProcess.Failure(description: installed.standardError) }
        let outside = workspace.deletingLastPathComponent().appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: workspace.appendingPathComponent("out"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: workspace.appendingPathComponent("out/link"), withDestinationURL: outside)
        _ = try Ducha.run(["db", "info"], in: workspace)
        return workspace
    }

    @Test(arguments: targets.keys.sorted())
    func aPluginSavesOnlyUnderItsDeclaredFolder(report: String) throws {
        let base = try Self.workspace.get()
        // Each on its own copy (the link still points to the shared outside folder).
        let workspace = try Fixtures.copy(base)
        try Hostile.expectClean(
            ["report", report, "--format", "markdown"], in: workspace, naming: ["plugin intruder may not write"])
        let outside = base.deletingLastPathComponent().appendingPathComponent("outside")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/ducha-hostile-escape.md"))
        #expect(!FileManager.default.fileExists(atPath: workspace.deletingLastPathComponent().path + "/escaped.md"))
    }
}
