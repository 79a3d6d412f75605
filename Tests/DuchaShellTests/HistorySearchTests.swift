import DuchaReports
import Testing

@testable import DuchaShell

@Suite struct HistorySearchTests {
    private let history = ["x = \"一二三四五\"", "\"赫山区\"", "function f()\n  return 1\nend", "y = \"三\""]

    @Test func typingFindsTheNewestStatementContainingTheQuery() {
        var search = HistorySearch(entries: history)
        search.type("三")
        #expect(search.match == "y = \"三\"")
        search.type("四")
        #expect(search.match == "x = \"一二三四五\"")
        #expect(search.prompt == "(历史搜索)`三四': ")
    }

    @Test func ctrlRAgainGoesOlderAndStopsAtTheOldest() {
        var search = HistorySearch(entries: history)
        search.type("=")
        #expect(search.match == "y = \"三\"")
        search.older()
        #expect(search.match == "x = \"一二三四五\"")
        search.older()
        #expect(search.failed)
        #expect(search.match == "x = \"一二三四五\"")
        #expect(search.prompt == "(未找到)`=': ")
    }

    @Test func deletingSearchesAgainFromTheNewest() {
        var search = HistorySearch(entries: history)
        search.type("赫x")
        #expect(search.failed)
        search.deleteLast()
        #expect(!search.failed)
        #expect(search.match == "\"赫山区\"")
        search.deleteLast()
        #expect(search.match == nil)
        #expect(search.query.isEmpty)
    }

    @Test func aStatementIsShownOnOneRowCutAtTheEdge() {
        var search = HistorySearch(entries: history)
        search.type("return")
        // The prompt "(历史搜索)`return': " takes 20 columns, and one is kept free.
        #expect(
            search.oneRow(search.match ?? "", columns: 60)
                == "function f() ⏎   return 1 ⏎ end")
        #expect(search.oneRow(search.match ?? "", columns: 40) == "function f() ⏎   re")
        #expect(search.oneRow("一二三四五六七八九十", columns: 28) == "一二三")
    }

    @Test func theCursorRowCountsWrappedAndBrokenLines() {
        #expect(cursorRow(after: "督查> abc", columns: 80) == 0)
        #expect(cursorRow(after: String(repeating: "x", count: 81), columns: 80) == 1)
        #expect(cursorRow(after: String(repeating: "督", count: 41), columns: 80) == 1)
        #expect(cursorRow(after: "a\nb\nc", columns: 80) == 2)
    }
}
