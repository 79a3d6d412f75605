import DuchaScripting
import DuchaStore
import Foundation
import Testing

@testable import DuchaShell

/// Queries shown in a session over the sample workspace.
@Suite struct ReplQueryTests {
    static let workspace: Workspace = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ducha-repl-\(UUID().uuidString)")
        let workspace = try! Workspace.create(
            at: folder,
            configuration: WorkspaceConfiguration(
                name: "样例", asOf: YiyangSample.asOf, identity: .init(user: "analyst", grants: [])))
        try! workspace.openStore().insert(YiyangSample.records())
        return workspace
    }()

    private func shown(_ statement: String) throws -> [String] {
        let session = try ReplSession(
            host: ScriptHost(options: ScriptOptions(workspace: Self.workspace)), terminal: false)
        guard case .output(let text) = session.feed(statement) else {
            Issue.record("\(statement) did not show")
            return []
        }
        return text.split(separator: "\n").map(String.init)
    }

    @Test func aQuerysOwnLimitDecidesHowManyRowsShow() throws {
        let lines = try shown("ducha.findings:order_by('id'):limit(2)")
        #expect(lines.filter { $0.hasPrefix("│ finding:") }.count == 2)
        #expect(lines.last == "(2行)")
        let capped = try shown("ducha.findings:limit(50)")
        #expect(capped.filter { $0.hasPrefix("│ finding:") }.count == 20)
        #expect(capped.last == "(50行，显示前20行)")
    }

    @Test func aMissingValueLeavesItsCellEmpty() throws {
        let lines = try shown(
            "ducha.findings:select('id', 'formalism_type', 'category'):order_by('id'):limit(2)")
        let header = try #require(lines.first { $0.contains("formalism_type") })
        let empty = try #require(lines.first { $0.contains("finding:anhua-001") })
        let filled = try #require(lines.first { $0.contains("finding:anhua-002") })
        func column(_ text: String, in line: String) -> Int? {
            line.range(of: text).map { line[..<$0.lowerBound].count }
        }
        #expect(column("category", in: header) == column("measure_not_in_place", in: empty))
        #expect(column("formalism_type", in: header) == column("ft2", in: filled))
        #expect(column("category", in: header) == column("formalism", in: filled))
    }

    @Test func aGroupedQueryShowsItsGroupsBeforeItsAggregates() throws {
        let lines = try shown("ducha.findings:group_by('county.name'):agg{ n = ducha.count() }:order_by('-n')")
        let header = try #require(lines.first { $0.contains("county.name") })
        #expect(header.replacingOccurrences(of: " ", with: "") == "│county.name│n│")
        #expect(lines.contains { $0.hasPrefix("│ 安化县 ") })
    }

    @Test func aQueryThatCannotRunFailsAtTheStatement() throws {
        let session = try ReplSession(
            host: ScriptHost(options: ScriptOptions(workspace: Self.workspace)), terminal: false)
        guard case .failure(let message) = session.feed("ducha.findings:where{ nonexistent = 1 }") else {
            Issue.record("expected a failure")
            return
        }
        #expect(message.hasPrefix("stdin:1: unknown field 'nonexistent' in findings"))
        guard case .failure(let recalled) = session.feed("ducha.findings\n  :where{ nonexistent = 1 }") else {
            Issue.record("expected a failure")
            return
        }
        #expect(recalled.hasPrefix("stdin:2: unknown field"))
    }

    @Test func methodsAreTheReceiversOwn() throws {
        let session = try ReplSession(
            host: ScriptHost(options: ScriptOptions(workspace: Self.workspace)), terminal: false)
        #expect(session.methods(of: "ducha.findings").contains("group_by"))
        #expect(!session.methods(of: "ducha.findings").contains("__index"))
        #expect(session.feed("local s = '督查'") == .output(""))
        #expect(session.methods(of: "s").contains("gsub"))
        #expect(session.feed("t = { run = function() end, n = 1 }") == .output(""))
        #expect(session.methods(of: "t") == ["run"])
        #expect(session.names(in: "").contains("s"))
        #expect(session.names(in: "").contains("ducha"))
    }
}
