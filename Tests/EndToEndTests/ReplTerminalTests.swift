import Foundation
import Testing

/// The REPL in a real terminal, driven by keys and read from the screen.
@Suite(.serialized) struct ReplTerminalTests {
    static let workspace: URL = {
        let folder = try! Ducha.folder(with: [:])
        _ = try! Ducha.run(["init", "w", "--sample", "yiyang-2021"], in: folder)
        return folder.appendingPathComponent("w")
    }()

    private func repl() throws -> Terminal {
        let terminal = try Terminal(["repl"], in: Self.workspace)
        // capture-pane drops trailing spaces, so the bare prompt shows as "督查>".
        try terminal.waitFor { $0.contains("督查>") }
        return terminal
    }

    private func lastPromptLine(_ screen: String) -> String {
        screen.split(separator: "\n").last { $0.hasPrefix("督查> ") }.map(String.init) ?? ""
    }

    @Test func tabCompletesCollectionsAndFields() throws {
        let terminal = try repl()
        try terminal.type("ducha.insp")
        try terminal.press("Tab")
        #expect(try terminal.waitFor { $0.contains("督查> ducha.inspections") }.contains("督查> ducha.inspections"))
        try terminal.press("C-u")
        try terminal.type("ducha.findings:where{cat")
        try terminal.press("Tab")
        let screen = try terminal.waitFor { $0.contains("where{category") }
        #expect(screen.contains("ducha.findings:where{category"))
        try terminal.type(" = \"red")
        try terminal.press("Tab")
        #expect(try terminal.waitFor { $0.contains("\"red_code_unmanaged") }.contains("= \"red_code_unmanaged"))
    }

    @Test func aMultiLineFunctionIsAcceptedThenCallable() throws {
        let terminal = try repl()
        for line in ["function triple(n)", "  return n * 3", "end"] {
            try terminal.type(line)
            try terminal.press("Enter")
        }
        try terminal.type("triple(14)")
        try terminal.press("Enter")
        let screen = try terminal.waitFor { $0.contains("\n42") }
        #expect(screen.contains("..>   return n * 3"))
        #expect(screen.contains("\n42"))
    }

    @Test func chineseInputEditsByCharacter() throws {
        let terminal = try repl()
        try terminal.type("'赫山区纪委'")
        try terminal.press("Left", "BSpace", "BSpace", "Enter")
        #expect(try terminal.waitFor { $0.contains("\n赫山区\n") }.contains("\n赫山区\n"))
    }

    @Test func localsPersist() throws {
        let terminal = try repl()
        try terminal.type("local x = 41")
        try terminal.press("Enter")
        try terminal.type("x + 1")
        try terminal.press("Enter")
        #expect(try terminal.waitFor { $0.contains("\n42") }.contains("\n42"))
    }

    @Test func ctrlCStopsARunningLoopWithinASecond() throws {
        let terminal = try repl()
        try terminal.type("while true do end")
        try terminal.press("Enter")
        Thread.sleep(forTimeInterval: 0.3)
        let pressed = Date()
        try terminal.press("C-c")
        let screen = try terminal.waitFor(seconds: 2) { $0.contains("interrupted\n督查>") }
        #expect(screen.contains("stdin:1: interrupted"))
        #expect(Date().timeIntervalSince(pressed) < 1)
        try terminal.type("1 + 1")
        try terminal.press("Enter")
        #expect(try terminal.waitFor { $0.contains("\n2\n督查>") }.contains("\n2"))
        try terminal.press("C-c")
        #expect(try terminal.waitFor { $0.contains(":quit leaves") }.contains("(Ctrl-D or :quit leaves)"))
    }

    @Test func historyCarriesOverToTheNextRun() throws {
        let word = "history-\(UUID().uuidString.prefix(6))"
        let marker = "\"\(word)\""
        do {
            let first = try repl()
            try first.type(marker)
            try first.press("Enter")
            try first.waitFor { $0.contains("\n\(word)") }
            try first.type(":quit")
            try first.press("Enter")
            Thread.sleep(forTimeInterval: 0.3)
        }
        let second = try repl()
        try second.press("Up")
        #expect(lastPromptLine(try second.waitFor { lastPromptLine($0).contains(marker) }).contains(marker))
    }

    @Test func aQueryOverCJKTextPrintsAlignedColumns() throws {
        let terminal = try repl()
        try terminal.type("ducha.bodies:where{ kind = 'commission' }:select('name', 'kind'):order_by('id')")
        try terminal.press("Enter")
        let screen = try terminal.waitFor { $0.contains("行)") }
        let rows = screen.split(separator: "\n").filter { $0.hasPrefix("│") }.map(String.init)
        #expect(rows.count >= 4)
        let widths = Set(rows.map { $0.reduce(0) { $0 + (($1.unicodeScalars.first!.value >= 0x1100) ? 2 : 1) } })
        #expect(widths.count == 1, "\(rows)")
        #expect(screen.contains("安化县纪委监委"))
    }
}
