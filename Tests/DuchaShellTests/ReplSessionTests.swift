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

    @Test func localsPersistFromLineToLine() throws {
        let session = try session()
        #expect(session.feed("local x = 41") == .output(""))
        #expect(session.feed("x + 1") == .output("42"))
        #expect(session.feed("local function twice(n) return n * 2 end") == .output(""))
        #expect(session.feed("twice(x)") == .output("82"))
        #expect(session.feed("local a, b") == .output(""))
        #expect(session.feed("a == nil and b == nil") == .output("true"))
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
        guard case .failure(let message) = session.feed("error('查无此人')") else {
            Issue.record("expected a failure")
            return
        }
        #expect(message.hasPrefix("stdin:1: 查无此人"))
        guard case .failure(let syntax) = session.feed("1 +* 2") else {
            Issue.record("expected a failure")
            return
        }
        #expect(syntax.contains("unexpected symbol"))
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
        #expect(long.hasSuffix("30, … }"))
    }

    @Test func rowsAndQueriesShowAsAlignedTables() throws {
        let session = try session()
        guard case .output(let rows) = session.feed("{ { id = 'a', name = '赫山区' }, { id = 'b', name = '南县' } }") else {
            Issue.record("expected output")
            return
        }
        let lines = rows.split(separator: "\n").map(String.init)
        #expect(lines.contains("│ a  │ 赫山区 │"))
        #expect(lines.contains("│ b  │ 南县   │"))
        #expect(lines.last == "(2行)")
    }

    @Test func persistingLocalsRewritesOnlyALeadingLocal() {
        #expect(ReplSession.persistingLocals("local x = 1") == "x = 1")
        #expect(ReplSession.persistingLocals("  local function f() end") == "function f() end")
        #expect(ReplSession.persistingLocals("local a, b") == "a, b = nil")
        #expect(ReplSession.persistingLocals("locale = 1") == "locale = 1")
        #expect(ReplSession.persistingLocals("print(1) local y = 2") == "print(1) local y = 2")
    }
}
