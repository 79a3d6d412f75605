import DuchaReports
import Testing

@Suite("CSV renderer")
struct CSVRendererTests {
    @Test func writesOnlyTablesWithCRLFAndABlankLineBetweenThem() {
        let second = ReportTable(headers: ["是否结案", "金额"], rows: [[true, 1e20], [false, 2.5]])
        var document = Fixtures.report
        document.append(.table(second))
        let expected =
            "县区,发现问题,占比,备注\r\n"
            + "赫山区,12,0.4615,重点\r\n"
            + "资阳区,8,0.3077,\r\n"
            + "益阳高新区,3,0.2308,new\r\n"
            + "\r\n"
            + "是否结案,金额\r\n"
            + "true,1e+20\r\n"
            + "false,2.5\r\n"
        #expect(CSVRenderer().render(document) == expected)
    }

    @Test func quotesFieldsWithCommasQuotesAndLineBreaks() {
        let table = ReportTable(
            headers: ["名称, 全称", "说明"],
            rows: [["他说\"好\"", "第一行\n第二行"], ["回车\r", "普通"]])
        let expected =
            "\"名称, 全称\",说明\r\n"
            + "\"他说\"\"好\"\"\",\"第一行\n第二行\"\r\n"
            + "\"回车\r\",普通\r\n"
        #expect(CSVRenderer().render(ReportDocument(blocks: [.table(table)])) == expected)
    }

    @Test func writesNumbersInFullPrecisionWithoutTrailingPointZero() {
        let table = ReportTable(
            headers: ["n"], rows: [[3.0], [0.1], [.number(1.0 / 3)], [-7], [.null]])
        let expected = "n\r\n3\r\n0.1\r\n0.3333333333333333\r\n-7\r\n\r\n"
        #expect(CSVRenderer().render(ReportDocument(blocks: [.table(table)])) == expected)
    }

    @Test func startsWithAByteOrderMarkWhenAsked() {
        let document = ReportDocument(blocks: [.table(Fixtures.emptyTable)])
        let output = renderer(for: .csv, options: RenderOptions(csvByteOrderMark: true))
            .render(document)
        #expect(output == "\u{FEFF}县区,发现问题\r\n")
        #expect(Array(output.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
    }

    @Test func textThatStartsLikeAFormulaGetsAQuoteButNumbersStayNumbers() {
        let table = ReportTable(
            headers: ["=标题", "值"],
            rows: [
                ["=HYPERLINK(\"http://x\",\"点\")", -3], ["+1", .number(-2.5)], ["-3", true], ["@A1", .null],
                ["\t制表", 0], ["普通-文字", 1],
            ])
        let document = ReportDocument(blocks: [.table(table)])
        let expected =
            "'=标题,值\r\n"
            + "\"'=HYPERLINK(\"\"http://x\"\",\"\"点\"\")\",-3\r\n"
            + "'+1,-2.5\r\n"
            + "'-3,true\r\n"
            + "'@A1,\r\n"
            + "'\t制表,0\r\n"
            + "普通-文字,1\r\n"
        #expect(CSVRenderer().render(document) == expected)
        let raw = renderer(for: .csv, options: RenderOptions(csvRawValues: true)).render(document)
        #expect(raw.hasPrefix("=标题,值\r\n\"=HYPERLINK("))
        #expect(raw.contains("\r\n+1,-2.5\r\n-3,true\r\n@A1,\r\n\t制表,0\r\n"))
    }
}
