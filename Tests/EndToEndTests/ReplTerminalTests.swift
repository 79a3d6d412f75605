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
        let screen = try terminal.waitFor { $0.contains("督查>") }
        let pane = try terminal.isRunning() ? "shows" : "has closed"
        try #require(screen.contains("督查>"), "no prompt; the pane \(pane): \(screen)")
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
        try terminal.enter("function triple(n)", "  return n * 3", "end")
        try terminal.enter("triple(14)")
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
        try terminal.enter("local x = 41")
        try terminal.enter("x + 1")
        #expect(try terminal.waitFor { $0.contains("\n42") }.contains("\n42"))
    }

    @Test func ctrlCStopsARunningLoopWithinASecond() throws {
        let terminal = try repl()
        try terminal.enter("while true do end")
        try terminal.waitFor { $0.contains("督查> while true do end") }
        Thread.sleep(forTimeInterval: 0.3)
        let pressed = Date()
        try terminal.press("C-c")
        let screen = try terminal.waitFor(seconds: 2) { $0.contains("interrupted\n督查>") }
        #expect(screen.contains("stdin:1: interrupted"))
        #expect(Date().timeIntervalSince(pressed) < 1)
        try terminal.enter("1 + 1")
        #expect(try terminal.waitFor { $0.contains("\n2\n督查>") }.contains("\n2"))
        try terminal.press("C-c")
        #expect(try terminal.waitFor { $0.contains(":quit leaves") }.contains("(Ctrl-D or :quit leaves)"))
    }

    @Test func historyCarriesOverToTheNextRun() throws {
        let word = "history-\(UUID().uuidString.prefix(6))"
        let marker = "\"\(word)\""
        do {
            let first = try repl()
            try first.enter(marker)
            try first.waitFor { $0.contains("\n\(word)") }
            try first.enter(":quit")
            Thread.sleep(forTimeInterval: 0.3)
        }
        let second = try repl()
        try second.press("Up")
        #expect(lastPromptLine(try second.waitFor { lastPromptLine($0) == "督查> :quit" }) == "督查> :quit")
        try second.press("Up")
        #expect(lastPromptLine(try second.waitFor { lastPromptLine($0).contains(marker) }).contains(marker))
    }

    @Test func ctrlCDropsTheLineBeingTypedAndOnAnEmptyLineSaysHowToLeave() throws {
        let terminal = try repl()
        try terminal.type("half typed")
        // Ctrl-C makes the terminal drop what the editor has not read yet.
        try terminal.waitFor { lastPromptLine($0) == "督查> half typed" }
        try terminal.press("Left", "Left", "C-c")
        try terminal.waitFor { $0.contains("^C\n督查>") }
        try terminal.press("Enter")
        // Ctrl-C drops unread input: the Enter must have been read first.
        try terminal.waitFor { $0.contains("^C\n督查>\n督查>") }
        try terminal.press("C-c")
        try terminal.waitFor { $0.contains(":quit leaves)") }
        try terminal.enter("1 + 1")
        let screen = try terminal.waitFor { $0.contains("\n2\n") }
        #expect(screen.contains("督查> half typed^C\n督查>\n督查> ^C\n(Ctrl-D or :quit leaves)\n督查> 1 + 1\n2"))
        #expect(!screen.contains("syntax error"))
    }

    @Test func aBlankLineStaysInABlockAndCtrlCAbandonsIt() throws {
        let terminal = try repl()
        try terminal.enter("function five()", "", "  return 5", "end", "five()")
        #expect(try terminal.waitFor { $0.contains("\n5\n") }.contains("\n5\n"))
        try terminal.enter("function never()", "  return 1")
        try terminal.waitFor { $0.contains("  ..>   return 1\n  ..>") }
        try terminal.press("C-c")
        try terminal.waitFor { $0.hasSuffix("^C\n督查>") || $0.contains("^C\n督查>") }
        try terminal.enter("never == nil")
        let screen = try terminal.waitFor { $0.contains("\ntrue\n") }
        #expect(screen.contains("  ..> ^C\n督查> never == nil\ntrue"))
    }

    @Test func ctrlDAbandonsABlockOnAContinuationLineAndLeavesOnAnEmptyOne() throws {
        let terminal = try repl()
        try terminal.enter("function unfinished()")
        try terminal.waitFor { $0.contains("..>") }
        try terminal.press("C-d")
        try terminal.enter("unfinished == nil")
        #expect(try terminal.waitFor { $0.contains("\ntrue\n") }.contains("\ntrue\n"))
        try terminal.press("C-d")
        let deadline = Date().addingTimeInterval(3)
        while try terminal.isRunning(), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try !terminal.isRunning())
    }

    @Test func ctrlRFindsAnEarlierStatement() throws {
        let terminal = try repl()
        let word = "needle-\(UUID().uuidString.prefix(6))"
        try terminal.enter("'\(word)'")
        // Typed ahead, the next line would be echoed before this result.
        try terminal.waitFor { $0.contains("\n\(word)\n") }
        try terminal.enter("1 + 1")
        try terminal.waitFor { $0.contains("\n2\n") }
        try terminal.press("C-r")
        try terminal.enter("needle")
        let screen = try terminal.waitFor { $0.components(separatedBy: "\n\(word)\n").count == 3 }
        #expect(screen.components(separatedBy: "\n\(word)\n").count == 3, "\(screen)")
    }

    @Test func ctrlRSearchesForAnyChineseCharacterAndArrowsEditWhatItFound() throws {
        let terminal = try repl()
        try terminal.enter("x = '一二三四五'", "'赫山区'")
        try terminal.waitFor { $0.contains("\n赫山区\n") }
        for character in ["一", "五"] {
            try terminal.press("C-r")
            try terminal.type(character)
            let found = try terminal.waitFor { $0.contains("(历史搜索)`\(character)': x = '一二三四五'") }
            #expect(found.contains("(历史搜索)`\(character)': x = '一二三四五'"), "\(found)")
            try terminal.press("C-g")
            let ended = try terminal.waitFor { !$0.contains("(历史搜索)") }
            #expect(!ended.contains("(历史搜索)"), "\(ended)")
        }
        try terminal.press("C-r")
        try terminal.type("三")
        try terminal.press("Left", "Left")
        try terminal.type("Z")
        let edited = try terminal.waitFor { $0.contains("督查> x = '一二三四Z五'") }
        #expect(lastPromptLine(edited) == "督查> x = '一二三四Z五'", "\(edited)")
    }

    @Test func aMultiLineStatementComesBackWholeFromTheHistory() throws {
        let terminal = try repl()
        try terminal.enter("function quadruple(n)", "  return n * 4", "end", "quadruple = nil")
        try terminal.press("Up")
        try terminal.press("Up")
        try terminal.press("Enter")
        try terminal.enter("quadruple(10)")
        #expect(try terminal.waitFor { $0.contains("\n40\n") }.contains("\n40\n"))
    }

    @Test func metaCommandsAreRememberedAndARepeatOnlyOnce() throws {
        let terminal = try repl()
        let marker = "'once-\(UUID().uuidString.prefix(6))'"
        try terminal.enter(marker, ":time", ":time")
        try terminal.waitFor { $0.contains("timing off") }
        try terminal.press("Up")
        #expect(lastPromptLine(try terminal.waitFor { lastPromptLine($0) == "督查> :time" }) == "督查> :time")
        try terminal.press("Up")
        let earlier = try terminal.waitFor { lastPromptLine($0) == "督查> \(marker)" }
        #expect(lastPromptLine(earlier) == "督查> \(marker)", "\(earlier)")
    }

    @Test func tabCompletesAfterChineseText() throws {
        let terminal = try repl()
        try terminal.type("x = '红码人员' .. ducha.insp")
        try terminal.press("Tab")
        let screen = try terminal.waitFor { $0.contains("ducha.inspections") }
        #expect(lastPromptLine(screen) == "督查> x = '红码人员' .. ducha.inspections")
    }

    @Test func aColumnWithEmptyCellsStaysAligned() throws {
        let terminal = try repl()
        try terminal.enter("ducha.findings:select('id', 'formalism_type', 'unit.name'):order_by('id'):limit(6)")
        let screen = try terminal.waitFor { $0.contains("(6行)") }
        let rows = screen.split(separator: "\n").filter { $0.hasPrefix("│") }.map(String.init)
        #expect(rows.count == 7)
        let widths = Set(rows.map { $0.reduce(0) { $0 + (($1.unicodeScalars.first!.value >= 0x1100) ? 2 : 1) } })
        #expect(widths.count == 1, "\(rows)")
        let cells = rows.map {
            $0.split(separator: "│", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        #expect(cells.contains { $0.count > 2 && $0[2].isEmpty }, "\(rows)")
        #expect(cells.dropFirst().allSatisfy { $0.count > 3 && !$0[3].isEmpty }, "\(rows)")
    }

    @Test func aQueryOverCJKTextPrintsAlignedColumns() throws {
        let terminal = try repl()
        try terminal.enter("ducha.bodies:where{ kind = 'commission' }:select('name', 'kind'):order_by('id')")
        let screen = try terminal.waitFor { $0.contains("行)") }
        let rows = screen.split(separator: "\n").filter { $0.hasPrefix("│") }.map(String.init)
        #expect(rows.count >= 4)
        let widths = Set(rows.map { $0.reduce(0) { $0 + (($1.unicodeScalars.first!.value >= 0x1100) ? 2 : 1) } })
        #expect(widths.count == 1, "\(rows)")
        #expect(screen.contains("安化县纪委监委"))
    }
}
