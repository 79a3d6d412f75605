import Foundation
import Testing

@testable import DuchaReports

@Suite("Terminal renderer")
struct TerminalRendererTests {
    private func render(_ blocks: [ReportBlock], width: Int? = nil, color: Bool = false)
        -> String
    {
        TerminalRenderer(terminalWidth: width, color: color).render(ReportDocument(blocks: blocks))
    }

    private func lines(of output: String) -> [String] {
        output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.isEmpty }
    }

    @Test func alignsChineseTextByDisplayWidth() {
        let output = render([.table(Fixtures.countyTable)])
        let expected = """
            ┌────────────┬──────────┬──────┬──────┐
            │ 县区       │ 发现问题 │ 占比 │ 备注 │
            ├────────────┼──────────┼──────┼──────┤
            │ 赫山区     │       12 │ 0.46 │ 重点 │
            │ 资阳区     │        8 │ 0.31 │      │
            │ 益阳高新区 │        3 │ 0.23 │ new  │
            └────────────┴──────────┴──────┴──────┘

            """
        #expect(output == expected)
        let widths = Set(lines(of: output).map { displayWidth(of: $0) })
        #expect(widths == [39])
    }

    @Test func rendersHeadingsUnderlinedToTheirDisplayWidth() {
        let output = render([.title("分县统计"), .section("一、概况 A"), .text("第一行\n第二行")])
        let expected = """
            分县统计
            ════════

            一、概况 A
            ──────────

            第一行
            第二行

            """
        #expect(output == expected)
    }

    @Test func showsTableTitleAboveTheTable() {
        var table = Fixtures.emptyTable
        table.title = "表1 问题统计"
        #expect(render([.table(table)]).hasPrefix("表1 问题统计\n┌"))
    }

    @Test func fitsAWideTableIntoTheTerminalWidth() {
        let headers = ["县区", "单位名称", "问题描述", "处理结果", "金额（元）"]
        let longText = "益阳市赫山区龙光桥街道办事处违规发放津贴补贴问题线索核查"
        let rows: [[ReportValue]] = [
            ["赫山区", .text(longText), .text(longText + "情况说明"), "给予党内警告处分", 125_000.5],
            ["资阳区", "长春镇", "公车私用", .text(longText), 3_000],
        ]
        let table = ReportTable(headers: headers, rows: rows)
        let output = render([.table(table)], width: 60)
        let outputLines = lines(of: output)

        #expect(outputLines.allSatisfy { displayWidth(of: $0) <= 60 })
        #expect(Set(outputLines.map { displayWidth(of: $0) }).count == 1)
        for (row, line) in zip(rows, outputLines.dropFirst(3)) {
            for (value, cell) in zip(row, cells(of: line)) {
                expectFitted(original: value.readableText, shown: cell)
            }
        }
        #expect(output.contains("…"))
    }

    /// The text of each cell of a table line, without borders or padding.
    private func cells(of line: String) -> [String] {
        line.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private func expectFitted(original: String, shown: String) {
        guard shown != original else { return }
        #expect(shown.hasSuffix("…"))
        #expect(original.hasPrefix(String(shown.dropLast())))
    }

    @Test func printsNoRowsUnderTheHeaderOfAnEmptyTable() {
        let expected = """
            ┌──────┬──────────┐
            │ 县区 │ 发现问题 │
            └──────┴──────────┘
            (no rows)

            """
        #expect(render([.table(Fixtures.emptyTable)]) == expected)
    }

    @Test func drawsBarsScaledToTheTerminalWidth() {
        let output = render([.barChart(Fixtures.countyChart)], width: 30)
        let expected = """
            分县问题数
            赫山区 ██████████████████ 12件
            资阳区 ███████▌ 5件
            ABC    ███ 2件

            """
        #expect(output == expected)
        #expect(lines(of: output).allSatisfy { displayWidth(of: $0) <= 30 })
    }

    @Test func drawsBarsInEighthsOfAColumn() {
        #expect(TerminalBarChart.bar(filling: 1, of: 3) == "███")
        #expect(TerminalBarChart.bar(filling: 0.5, of: 3) == "█▌")
        #expect(TerminalBarChart.bar(filling: 1.0 / 24, of: 3) == "▏")
        #expect(TerminalBarChart.bar(filling: 0, of: 3) == "")
    }

    @Test func drawsNoBarForNegativeValues() {
        let chart = BarChart(labels: ["甲", "乙"], values: [4, -2])
        let output = render([.barChart(chart)], width: 20)
        #expect(output == "甲 ██████████████ 4\n乙 -2\n")
    }

    @Test func usesNoEscapeSequencesWithoutColor() {
        let output = render(Fixtures.report.blocks, width: 80, color: false)
        #expect(!output.contains("\u{1B}["))
    }

    @Test func boldsHeadersAndDimsBordersWithColor() {
        let output = render(Fixtures.report.blocks, width: 80, color: true)
        #expect(output.contains("\u{1B}[1m县区"))
        #expect(output.contains("\u{1B}[2m┌"))
    }

    @Test func neutralizesControlCharactersInCells() {
        let table = ReportTable(headers: ["备注"], rows: [["a\u{1B}[31mb\nc"]])
        let output = render([.table(table)])
        #expect(!output.contains("\u{1B}"))
        #expect(output.contains("a\u{FFFD}[31mb c"))
    }
}

@Suite("Column fitting")
struct ColumnFittingTests {
    @Test func keepsNaturalWidthsThatFit() {
        #expect(ColumnFitting.widths([4, 6], fittingIn: 20, minimum: 3) == [4, 6])
    }

    @Test func shrinksTheWidestColumnFirst() {
        #expect(ColumnFitting.widths([10, 40, 5], fittingIn: 30, minimum: 3) == [10, 15, 5])
    }

    @Test func sharesTheShrinkingBetweenEquallyWideColumns() {
        #expect(ColumnFitting.widths([20, 20, 5], fittingIn: 30, minimum: 3) == [13, 12, 5])
    }

    @Test func stopsAtTheMinimumWidth() {
        #expect(ColumnFitting.widths([20, 20, 2], fittingIn: 4, minimum: 3) == [3, 3, 2])
    }
}
