import Testing

@testable import DuchaReports

@Suite("Display width")
struct DisplayWidthTests {
    @Test func chineseCharactersTakeTwoColumns() {
        #expect(displayWidth(of: "赫山区") == 6)
    }

    @Test func asciiTakesOneColumn() {
        #expect(displayWidth(of: "abc") == 3)
        #expect(displayWidth(of: "") == 0)
    }

    @Test func mixedTextAddsUp() {
        #expect(displayWidth(of: "益阳 2021年") == 11)
        #expect(displayWidth(of: "（一）") == 6)
    }

    @Test func combiningMarksTakeNoColumn() {
        #expect(displayWidth(of: "e\u{301}") == 1)
        #expect(displayWidth(of: "a\u{20DD}") == 1)
    }

    @Test func fullwidthFormsTakeTwoColumns() {
        #expect(displayWidth(of: "ＡＢ") == 4)
        #expect(displayWidth(of: "１２３") == 6)
    }

    @Test func halfwidthKatakanaTakesOneColumn() {
        #expect(displayWidth(of: "ｱｲ") == 2)
    }

    @Test func emojiTakeTwoColumns() {
        #expect(displayWidth(of: "😀") == 2)
        #expect(displayWidth(of: "👨‍👩‍👧") == 2)
        #expect(displayWidth(of: "🇨🇳") == 2)
        #expect(displayWidth(of: "❤\u{FE0F}") == 2)
        #expect(displayWidth(of: "ok👍") == 4)
    }

    @Test func joinersAndVariationSelectorsTakeNoColumn() {
        #expect(displayWidth(of: "a\u{200D}b") == 2)
        #expect(displayWidth(of: "\u{200B}") == 0)
        #expect(displayWidth(of: "葛\u{E0100}") == 2)
    }

    @Test func ambiguousCharactersTakeOneColumn() {
        #expect(displayWidth(of: "…") == 1)
        #expect(displayWidth(of: "─│") == 2)
    }

    @Test func truncationEndsWithEllipsisAndNeverSplitsAWideCharacter() {
        #expect(truncated("赫山区", toDisplayWidth: 6) == "赫山区")
        #expect(truncated("赫山区", toDisplayWidth: 5) == "赫山…")
        #expect(truncated("赫山区", toDisplayWidth: 4) == "赫…")
        #expect(truncated("abcdef", toDisplayWidth: 4) == "abc…")
        #expect(truncated("abc", toDisplayWidth: 0) == "")
    }
}
