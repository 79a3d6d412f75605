import Foundation
import Testing

/// Scripts that try to outrun the limits: endless loops, long single C calls, memory bombs,
/// deep recursion, SQLite statements that run or grow without end, giant reports and
/// floods of output. Under `--time-limit 1 --memory-limit 64` each ends with a message
/// naming the limit, within a second of it and within 64 MB of the runtime's baseline.
@Suite struct ResourceExhaustionTests {
    static let limited = ["--sandbox", "--time-limit", "1", "--memory-limit", "64"]

    @Test func peakMemoryCoversTheWorker() throws {
        // The worker, not the command, holds the script's memory: wait4's ru_maxrss must see
        // it, or every memory check here would pass whatever the worker did.
        let folder = try Hostile.scripts(["hold.lua": "local s = ('x'):rep(48 << 20)\nerror('held ' .. #s)"])
        let outcome = try Hostile.run(["run", "--sandbox", "hold.lua"], in: folder)
        #expect(outcome.standardError.contains("held 50331648"))
        #expect(outcome.peakMegabytes >= Hostile.baselineMegabytes + 40, "peak \(outcome.peakMegabytes) MB")
        print("runtime baseline of ducha run --sandbox empty.lua: \(Hostile.baselineMegabytes) MB")
    }

    static let time = "time limit exceeded (1 s)"
    static let memory = "not enough memory"

    static let loops: [ScriptCase] = [
        ScriptCase("an endless loop", "while true do end", naming: time),
        ScriptCase(
            "a lazy pattern on a subject just under the cap",
            "local s = ('a'):rep((1 << 20) - 16)\nreturn s:find('.-.-.-.-c')", naming: time),
        ScriptCase(
            "nested stars that backtrack", "return ('a'):rep((1 << 20) - 1):find(('a*'):rep(20) .. 'b')", naming: time),
        ScriptCase(
            "gmatch with a lazy pattern",
            "for _ in ('a'):rep((1 << 20) - 1):gmatch('.-.-.-b') do end", naming: time),
        ScriptCase("gsub with a lazy pattern", "return ('a'):rep((1 << 20) - 1):gsub('.-.-.-b', '')", naming: time),
        ScriptCase(
            "table.move over 2^40 slots, one C call that allocates nothing",
            "table.move({}, 1, 1 << 40, (1 << 40) + 1)", naming: time),
        ScriptCase(
            "table.sort of long strings sharing a prefix, again and again",
            "local s = ('x'):rep(1 << 19)\nlocal t = {}\nfor i = 1, 60 do t[i] = s .. (60 - i) end\nwhile true do table.sort(t, function(a, b) return a > b end) table.sort(t) end",
            naming: time),
        ScriptCase(
            "recursion through pcall that doubles at every level",
            "local function f() pcall(f) pcall(f) end\nf()", naming: time),
        ScriptCase(
            "a __tostring that never returns",
            "return tostring(setmetatable({}, { __tostring = function() while true do end end }))", naming: time),
        ScriptCase(
            "a load reader that never ends",
            "return load(function() return ' ' end)", naming: time),
        ScriptCase(
            "each() loops nested four deep",
            "for a in ducha.findings:each() do for b in ducha.findings:each() do for c in ducha.findings:each() do for d in ducha.findings:each() do end end end end",
            naming: time),
    ]

    static let bombs: [ScriptCase] = [
        ScriptCase("a gigabyte string.rep", "local s = ('a'):rep(1 << 30)", naming: memory),
        ScriptCase("string.rep with a separator", "local s = ('ab'):rep(1 << 28, ',')", naming: memory),
        ScriptCase(
            "string.rep of a mebibyte string", "local s = ('x'):rep(1 << 20):rep(1 << 12)",
            naming: "resulting string too large"),
        ScriptCase(
            "table.concat of one mebibyte two thousand times",
            "local s = ('x'):rep(1 << 20)\nlocal t = {}\nfor i = 1, 2000 do t[i] = s end\nreturn #table.concat(t)",
            naming: memory),
        ScriptCase("an ever longer array", "local t = {}\nfor i = 1, math.huge do t[i] = i end", naming: memory),
        ScriptCase("a string doubled without end", "local s = 'x'\nwhile true do s = s .. s end", naming: memory),
        ScriptCase(
            "closures without end",
            "local t = {}\nfor i = 1, math.huge do t[i] = function() return i end end", naming: memory),
        ScriptCase(
            "coroutines without end",
            "local t = {}\nfor i = 1, math.huge do t[i] = coroutine.create(print) end", naming: memory),
        ScriptCase(
            "distinct short strings without end",
            "local t, k = {}, ('k'):rep(100)\nfor i = 1, math.huge do t[i] = k .. i end", naming: memory),
        ScriptCase(
            "tables nested without end", "local t = {}\nwhile true do t = { t, t, {} } end", naming: memory),
        ScriptCase("deep recursion", "local function f(n) return 1 + f(n) end\nreturn f(1)", naming: memory),
        ScriptCase(
            "string.pack padding two gigabytes", "return #string.pack('c2000000000', 'a')", naming: memory),
        ScriptCase(
            "gsub whose replacement grows the subject a thousandfold",
            "return #('x'):rep((1 << 20) - 1):gsub('.', ('y'):rep(1000))", naming: memory),
        ScriptCase(
            "load of a forty-megabyte chunk", "return load(('x=1;'):rep(10000000))", naming: memory),
        ScriptCase(
            "utf8.char in a growing loop",
            "local t, u = {}, {}\nfor i = 1, 200 do u[i] = 0x4e00 + i end\nwhile true do t[#t + 1] = utf8.char(table.unpack(u)) end",
            naming: "limit exceeded"),
        ScriptCase(
            "rows of the database without end",
            "local t = {}\nfor i = 1, math.huge do t[i] = ducha.sql('SELECT * FROM findings, bodies') end",
            naming: memory),
    ]

    static let refusals: [ScriptCase] = [
        ScriptCase(
            "string.rep past what a string can hold", "local s = ('a'):rep(1 << 40)",
            naming: "resulting string too large"),
        ScriptCase(
            "string.format with a five-digit width", "return string.format('%99999d', 1)",
            naming: "invalid conversion"),
        ScriptCase(
            "utf8.char of a million arguments",
            "local t = {}\nfor i = 1, 1e6 do t[i] = 0x4e00 end\nreturn utf8.char(table.unpack(t))",
            naming: "too many results to unpack"),
        ScriptCase(
            "table.unpack of a hundred million values", "return table.unpack({}, 1, 1e8)",
            naming: "too many results to unpack"),
        ScriptCase(
            "string.byte of a whole mebibyte", "return ('x'):rep(1 << 20):byte(1, -1)", naming: "string slice too long"),
        ScriptCase(
            "an expression nested a hundred thousand deep",
            "return assert(load('return ' .. ('('):rep(1e5) .. '1' .. (')'):rep(1e5)))", naming: "overflow"),
        ScriptCase(
            "a table constructor nested a hundred thousand deep",
            "return assert(load('return ' .. ('{'):rep(1e5) .. ('}'):rep(1e5)))", naming: "overflow"),
        ScriptCase(
            "an __index that calls itself",
            "local t = setmetatable({}, {})\ngetmetatable(t).__index = function(s, k) return s[k] end\nreturn t.x",
            naming: "stack overflow"),
        ScriptCase(
            "coroutines that wrap themselves", "local function f() return coroutine.wrap(f)() end\nreturn f()",
            naming: "C stack overflow"),
        ScriptCase(
            "a sort order that contradicts itself",
            "local t = {}\nfor i = 1, 1000 do t[i] = i end\ntable.sort(t, function() return true end)",
            naming: "invalid order function for sorting"),
        ScriptCase(
            "a where list of two hundred thousand values",
            "local ids = {}\nfor i = 1, 200000 do ids[i] = 'finding:x' .. i end\nreturn ducha.findings:where{ id = ids }:count()",
            naming: "takes 0 to 100000 values"),
    ]

    static let statements: [ScriptCase] = [
        ScriptCase(
            "a recursive CTE that counts without end",
            "return ducha.sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c')",
            naming: time),
        ScriptCase(
            "a recursive CTE that yields rows without end",
            "return ducha.sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c')",
            naming: memory),
        ScriptCase(
            "a recursive CTE that doubles a string",
            "return ducha.sql([[WITH RECURSIVE c(x) AS (SELECT 'x' UNION ALL SELECT x || x FROM c) SELECT length(x) FROM c]])",
            naming: "out of memory"),
        ScriptCase(
            "a gigabyte zeroblob", "return ducha.sql('SELECT zeroblob(1000000000) AS z')",
            naming: "zeroblob() is not available"),
        ScriptCase(
            "the hex of a 400 MB zeroblob", "return ducha.sql('SELECT length(hex(zeroblob(400000000))) AS z')",
            naming: "zeroblob() is not available"),
        ScriptCase(
            "instr on a 200 MB string",
            "return ducha.sql([[SELECT instr(hex(zeroblob(100000000)), 'x') AS z]])",
            naming: "zeroblob() is not available"),
        ScriptCase(
            "printf with a gigabyte precision",
            "return ducha.sql([[SELECT length(printf('%.*c', 1000000000, 'x')) AS z]])", naming: "limit exceeded"),
        ScriptCase(
            "a two-gigabyte randomblob", "return ducha.sql('SELECT randomblob(2000000000) AS z')",
            naming: "randomblob gives at most 1024 bytes"),
        ScriptCase(
            "a four-way cross join",
            "return ducha.sql('SELECT count(*) FROM findings a, findings b, findings c, findings d')", naming: time),
        ScriptCase(
            "a hundred thousand compound terms",
            "return ducha.sql(('SELECT 1 UNION ALL '):rep(100000) .. 'SELECT 1')", naming: "string or blob too big"),
        ScriptCase(
            "an expression nested ten thousand deep",
            "return ducha.sql('SELECT ' .. ('('):rep(10000) .. '1' .. (')'):rep(10000))", naming: "ducha.sql:"),
        ScriptCase(
            "a hundred thousand parameters",
            "local p = {}\nfor i = 1, 100000 do p[i] = i end\nreturn ducha.sql('SELECT ' .. ('?,'):rep(99999) .. '?', p)",
            naming: "ducha.sql:"),
    ]

    static let reports: [ScriptCase] = [
        ScriptCase(
            "report text without end",
            "local r = require 'ducha.report'\nfor i = 1, math.huge do r.text('x') end", naming: memory),
        ScriptCase(
            "a report table of a hundred thousand rows, again and again",
            "local r = require 'ducha.report'\nlocal rows = {}\nfor i = 1, 1e5 do rows[i] = { a = i, b = 'xxxxxxxxxx' } end\nlocal wide = {}\nfor i = 1, 200 do wide[i] = 'c' .. i end\nwhile true do r.table(rows, { columns = wide }) end",
            naming: memory),
        ScriptCase(
            "report text of 32 MB, again and again",
            "local r = require 'ducha.report'\nlocal s = ('x'):rep(32 << 20)\nwhile true do r.text(s) end",
            naming: memory),
        ScriptCase(
            "a report table whose length is 2^53",
            "local r = require 'ducha.report'\nr.table(setmetatable({}, { __len = function() return 1 << 53 end, __index = function() return { a = 1 } end }))",
            naming: time),
        ScriptCase(
            "a report table whose rows are computed without end",
            "local r = require 'ducha.report'\nr.table({ setmetatable({}, { __index = function() while true do end end }) }, { columns = { 'a' } })",
            naming: time),
        ScriptCase(
            "an error message of 30 MB", "error(('x'):rep(30 << 20))", naming: "more bytes)"),
    ]

    @Test(arguments: loops + bombs + refusals + statements + reports)
    func aRunEndsAtItsLimitsWithAMessage(_ hostile: ScriptCase) throws {
        try Hostile.expectCleanScript(
            hostile.script, options: Self.limited, in: Fixtures.sample.get(), naming: hostile.naming)
    }

    @Test func anInstructionLimitEndsAnEndlessLoop() throws {
        try Hostile.expectCleanScript(
            "repeat until false", options: ["--sandbox", "--instruction-limit", "1000000"], in: Fixtures.sample.get(),
            naming: ["instruction limit exceeded (1000000 instructions)"])
    }

    @Test func printingGigabytesStopsAtTheOutputCap() throws {
        // The output goes on as it comes: the command holds no more of it than a pipe's worth.
        let outcome = try Hostile.expectCleanScript(
            "local s = ('x'):rep(1 << 20)\nwhile true do print(s) end",
            options: ["--sandbox", "--time-limit", "20", "--memory-limit", "64"], in: Fixtures.sample.get(),
            naming: ["the run's output passed 256 MB and was stopped"])
        #expect(outcome.standardOutput.utf8.count <= 256 << 20)
    }

    @Test func aPluginCommandPrintingGigabytesStopsAtTheOutputCap() throws {
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        let plugin = workspace.deletingLastPathComponent().appendingPathComponent("flood")
        try FileManager.default.createDirectory(
            at: plugin.appendingPathComponent("commands"), withIntermediateDirectories: true)
        try Data(
            "name = \"flood\"\nversion = \"1.0.0\"\napi = \"^1.0\"\n[commands]\nflood = \"commands/flood.lua\"\n".utf8
        )
        .write(to: plugin.appendingPathComponent("plugin.toml"))
        try Data("local s = ('y'):rep(1 << 20)\nwhile true do print(s) end\n".utf8)
            .write(to: plugin.appendingPathComponent("commands/flood.lua"))
        let installed = try Ducha.run(["plugin", "install", plugin.path, "--allow-unsigned", "--yes"], in: workspace)
        try #require(installed.status == 0, "\(installed.standardError)")
        try Hostile.expectClean(
            ["flood"], in: workspace, naming: ["the run's output passed 256 MB and was stopped"],
            budget: .init(seconds: 20, megabytes: 256))
    }
}
