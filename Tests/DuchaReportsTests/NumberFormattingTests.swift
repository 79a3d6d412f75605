import Testing

@testable import DuchaReports

@Suite("Number formatting")
struct NumberFormattingTests {
    private func terminalCell(_ value: ReportValue) -> String {
        let table = ReportTable(headers: ["n"], rows: [[value]])
        let output = TerminalRenderer().render(ReportDocument(blocks: [.table(table)]))
        let line = output.split(separator: "\n")[3]
        return String(line.dropFirst(2).dropLast(2)).filter { $0 != " " }
    }

    @Test func writesFullPrecisionForPrograms() {
        #expect(NumberText.plain(3.0) == "3")
        #expect(NumberText.plain(0.1) == "0.1")
        #expect(NumberText.plain(-2.5) == "-2.5")
        #expect(NumberText.plain(1e20) == "1e+20")
        #expect(NumberText.plain(-.infinity) == "-Infinity")
    }

    @Test func showsAtMostTwoDecimalsWithTrailingZerosTrimmed() {
        #expect(terminalCell(3.14159) == "3.14")
        #expect(terminalCell(2.5) == "2.5")
        #expect(terminalCell(4.0) == "4")
        #expect(terminalCell(-0.001) == "0")
        #expect(terminalCell(1_234_567) == "1234567")
        #expect(terminalCell(.number(.nan)) == "NaN")
    }
}
