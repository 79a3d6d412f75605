import Tabular
import Testing

/// CSV text a spreadsheet would run as a formula gets a quote, and only that quote comes off again.
@Suite struct SpreadsheetFormulasTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\r\n=1", "'\r\n=1"),
        ("'=1", "''=1"),
        ("''-1", "'''-1"),
    ])
    func textStartingLikeAFormulaGetsAQuote(text: String, cell: String) {
        #expect(SpreadsheetFormulas.neutralized(text) == cell)
        #expect(SpreadsheetFormulas.restored(cell) == text)
    }

    @Test(arguments: ["", "赫山区", "a=b", " =1", "'", "''", "'quoted'", "it's", "3", "2021-08-01", "'abc"])
    func otherTextStaysAsItIs(text: String) {
        #expect(SpreadsheetFormulas.neutralized(text) == text)
        #expect(SpreadsheetFormulas.restored(text) == text)
    }

    @Test func aQuoteTypedBeforeAFormulaIsTakenAsTheMarkOfText() {
        #expect(SpreadsheetFormulas.restored("'=1+1") == "=1+1")
    }
}
