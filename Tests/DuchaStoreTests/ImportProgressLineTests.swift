import Testing

@testable import DuchaStore

/// The line a terminal shows while an import runs.
@Suite struct ImportProgressLineTests {
    @Test func aKnownShareShowsABarAndPercentage() {
        let line = ImportProgressLine(width: 80).text(ImportProgress(rows: 482_113, fraction: 0.48), seconds: 5)
        #expect(
            line == "[" + String(repeating: "=", count: 19) + ">" + String(repeating: " ", count: 20)
                + "]   48%  482,113 rows  96,423 rows/s")
    }

    @Test func anUnknownShareShowsRowsAndRateOnly() {
        let line = ImportProgressLine(width: 80).text(ImportProgress(rows: 1_500, fraction: nil), seconds: 3)
        #expect(line == "1,500 rows  500 rows/s")
    }

    @Test func theEndFillsTheBar() {
        let line = ImportProgressLine(width: 40).text(ImportProgress(rows: 12, fraction: 1), seconds: 0)
        #expect(line == "[" + String(repeating: "=", count: 23) + "]  100%  12 rows")
    }

    @Test func aNarrowTerminalDropsTheBarThenClipsTheLine() {
        let progress = ImportProgress(rows: 1_234_567, fraction: 0.5)
        #expect(ImportProgressLine(width: 40).text(progress, seconds: 2) == " 50%  1,234,567 rows  617,284 rows/s")
        #expect(ImportProgressLine(width: 12).text(progress, seconds: 2) == " 50%  1,234,")
    }

    @Test func theLineNeverOutgrowsTheTerminal() {
        let progress = ImportProgress(rows: 987_654_321, fraction: 0.999)
        for width in 0...120 {
            #expect(ImportProgressLine(width: width).text(progress, seconds: 0.5).count <= width)
        }
    }

    @Test(arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (12_345_678, "12,345,678")])
    func countsAreGroupedByThousands(number: Int, text: String) {
        #expect(ImportProgressLine.grouped(number) == text)
    }
}
