import DuchaScripting
import DuchaStore
import Foundation
import Testing

@testable import DuchaShell

@Suite struct ReplSessionTests {
    private func session() throws -> ReplSession {
        try ReplSession(host: ScriptHost(), terminal: false)
    }

    @Test func aLineIsFirstTriedAsAnExpression() throws {
        let session = try session()
        #expect(session.feed("1 + 1") == .output("2"))
        #expect(session.feed("'督查', 2, nil") == .output("督查\t2\tnil"))
        #expect(session.feed("x = 5") == .output(""))
    }

    /// Feeds each statement in turn and expects what it shows.
    private func expect(
        _ shown: KeyValuePairs<String, String>, in session: ReplSession, at location: SourceLocation = #_sourceLocation
    ) {
        for (statement, output) in shown {
            #expect(session.feed(statement) == .output(output), sourceLocation: location)
        }
    }

    /// The lines a statement that must succeed shows.
    private func lines(of statement: String, in session: ReplSession) -> [String] {
        guard case .output(let text) = session.feed(statement) else {
            Issue.record("\(statement) showed nothing")
            return []
        }
        return text.split(separator: "\n").map(String.init)
    }

    /// The message of a statement that must fail.
    private func failure(of statement: String, in session: ReplSession) -> String {
        guard case .failure(let message) = session.feed(statement) else {
            Issue.record("\(statement) did not fail")
            return ""
        }
        return message
    }

    @Test func localsPersistFromLineToLine() throws {
        expect(
            [
                "local x = 41": "", "x + 1": "42",
                "local function twice(n) return n * 2 end": "", "twice(x)": "82",
                "local a, b": "", "a == nil and b == nil": "true",
                "local c = 1; local d = 2": "", "c, d": "1\t2",
                "local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end": "", "fact(5)": "120",
            ], in: try session())
    }

    @Test func outputTallerThanTheScreenCountsWrappedLines() {
        #expect(Repl.screenRows("a\nb\n", columns: 80) == 2)
        #expect(Repl.screenRows(String(repeating: "x", count: 161) + "\n", columns: 80) == 3)
        #expect(Repl.screenRows(String(repeating: "督", count: 40) + "\n\n", columns: 80) == 2)
        #expect(Repl.screenRows(String(repeating: "督", count: 41) + "\n", columns: 80) == 2)
    }

    @Test func aLocalHidesAGlobalOnlyFromTheSessionsStatements() throws {
        let session = try session()
        expect(
            [
                "local ducha = 1": "", "ducha": "1", "type(rawget(_G, 'ducha'))": "table",
                "function api() return ducha end": "", "api()": "1",
            ], in: session)
        let results = try session.host.runSource(Array("return type(ducha)".utf8), name: "script")
        #expect(try results.map { try $0.map(session.host.state.value(of:)) } == ["table"])
    }

    @Test func aLocalsValueIsComputedBeforeItsNameExists() throws {
        expect(
            ["y = 'global'": "", "local y = y .. ' copy'": "", "y, rawget(_G, 'y')": "global copy\tglobal"],
            in: try session())
    }

    @Test func attributesKeepTheirMeaning() throws {
        let session = try session()
        expect(["local limit <const> = 5": "", "limit": "5"], in: session)
        #expect(
            failure(of: "limit = 6", in: session)
                == "stdin:1: attempt to assign to const variable 'limit'\nstack traceback:\n\tstdin:1: in main chunk")
        #expect(failure(of: "local z <const> = 1; z = 2", in: session).contains("assign to const variable 'z'"))
        let closing = "setmetatable({}, { __close = function() closed = true end })"
        expect(["local handle <close> = \(closing)": "", "closed, handle": "true\tnil"], in: session)
    }

    @Test func anIncompleteStatementContinuesUntilComplete() throws {
        let session = try session()
        #expect(session.feed("function f(n)") == .more)
        #expect(session.isContinuing)
        #expect(session.feed("  return n + 1") == .more)
        #expect(session.feed("end") == .output(""))
        #expect(!session.isContinuing)
        #expect(session.feed("f(1)") == .output("2"))
        #expect(session.feed("local s = [[") == .more)
        session.abandon()
        #expect(!session.isContinuing)
    }

    @Test func errorsAreReportedAndTheSessionGoesOn() throws {
        let session = try session()
        #expect(failure(of: "error('查无此人')", in: session).hasPrefix("stdin:1: 查无此人"))
        #expect(failure(of: "1 +* 2", in: session).contains("unexpected symbol"))
        #expect(session.feed("3") == .output("3"))
    }

    @Test func tablesShowReadablyWithLimitsAndCycles() throws {
        let session = try session()
        #expect(session.feed("{ 1, 'two', x = { y = true } }") == .output("{ 1, \"two\", x = { y = true } }"))
        #expect(session.feed("local t = {} t.self = t return t") == .output("{ self = <cycle> }"))
        #expect(session.feed("{ { { { 1 } } } }") == .output("{ { { {…} } } }"))
        guard case .output(let long) = session.feed("local t = {} for i = 1, 100 do t[i] = i end return t") else {
            Issue.record("expected output")
            return
        }
        #expect(long.hasSuffix("30, … 70 more }"))
        #expect(
            session.feed("local k = {} for i = 12, 1, -1 do k['k' .. i] = i end return k")
                == .output(
                    "{ k1 = 1, k2 = 2, k3 = 3, k4 = 4, k5 = 5, k6 = 6, k7 = 7, k8 = 8, k9 = 9, k10 = 10, k11 = 11, k12 = 12 }"
                ))
    }

    @Test func rowsAndQueriesShowAsAlignedTables() throws {
        let lines = lines(of: "{ { id = 'a', name = '赫山区' }, { id = 'b', name = '南县' } }", in: try session())
        #expect(lines.contains("│ a  │ 赫山区 │"))
        #expect(lines.contains("│ b  │ 南县   │"))
        #expect(lines.last == "(2行)")
    }

    @Test func rowsMissingAValueKeepTheOthersInTheirColumns() throws {
        let lines = lines(of: "{ {a='x',b='y',c='z'}, {b='B',c='C'} }", in: try session())
        #expect(lines.contains("│ x │ y │ z │"))
        #expect(lines.contains("│   │ B │ C │"))
    }

    @Test func valuesWithTostringAndNestedQueriesShowCompactly() throws {
        let session = try session()
        #expect(
            session.feed("setmetatable({}, { __tostring = function() return '<案件>' end })") == .output("<案件>"))
        #expect(
            session.feed("{ q = setmetatable({ collection = 'findings' }, { __name = 'ducha.query' }) }")
                == .output("{ q = <query findings> }"))
    }

    @Test func tracebacksEndAtTheUsersStatement() throws {
        let session = try session()
        #expect(session.feed("function deep() error('深处') end") == .output(""))
        let message = failure(of: "deep()", in: session)
        #expect(message.hasPrefix("stdin:1: 深处"))
        #expect(message.contains("stdin:1: in function 'deep'"))
        for frame in ["repl:", "(statement)", "'chunk'", "tail calls", "[C]: in ?"] {
            #expect(!message.contains(frame), "\(message)")
        }
    }

    @Test func declarationsAtTheTopLevelBecomeTheSessionsLocals() {
        #expect(LocalDeclarations.rewrite("local x = 1") == "_REPL.locals.x = 1")
        #expect(LocalDeclarations.rewrite("  local function f() end") == "  function _REPL.locals.f() end")
        #expect(LocalDeclarations.rewrite("local a, b") == "_REPL.locals.a, _REPL.locals.b = nil")
        #expect(LocalDeclarations.rewrite("local y <const> = 5") == "_REPL.constants.y = 5")
        #expect(LocalDeclarations.rewrite("local a = 1; local b = 2") == "_REPL.locals.a = 1; _REPL.locals.b = 2")
        #expect(LocalDeclarations.rewrite("print(1) local y = 2") == "print(1) _REPL.locals.y = 2")
        #expect(LocalDeclarations.rewrite("local\nx = 1") == "\n_REPL.locals.x = 1")
    }

    @Test func declarationsInsideBlocksStringsAndCommentsStayAsTheyAre() {
        for source in [
            "locale = 1", "do local x = 1 end", "for i = 1, 2 do local y = i end",
            "f = function() local z = 1 end", "s = 'local x = 1'", "-- local x = 1", "--[[ local x ]] y = [[local]]",
            "local f <close> = nil", "repeat local r = 1 until r",
        ] {
            #expect(LocalDeclarations.rewrite(source) == source)
        }
        #expect(
            LocalDeclarations.rewrite("if x then local a = 1 end local b = 2")
                == "if x then local a = 1 end _REPL.locals.b = 2")
    }
}
