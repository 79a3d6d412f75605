import DuchaReports
import Testing

@Suite("HTML renderer")
struct HTMLRendererTests {
    private let page = HTMLRenderer().render(Fixtures.report)

    @Test func isAChineseUTF8Page() {
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(page.contains("<meta charset=\"utf-8\">"))
        #expect(page.contains("<title>分县(区、市)统计</title>"))
        #expect(page.contains("\"Noto Sans CJK SC\""))
        #expect(page.hasSuffix("</html>\n"))
    }

    @Test func isSelfContained() {
        #expect(!page.contains("http"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("<link"))
        #expect(!page.contains("src="))
        #expect(!page.contains("url("))
    }

    @Test func drawsBarChartsAsInlineSVG() {
        #expect(page.contains("<figcaption>分县问题数</figcaption>"))
        #expect(page.contains("<svg viewBox=\"0 0 640 100\""))
        #expect(page.contains(">赫山区</text>"))
        #expect(page.contains(">12件</text>"))
        #expect(page.components(separatedBy: "<rect ").count == 4)
    }

    @Test func rendersTablesWithHeadAndRightAlignedNumbers() {
        let expected = """
            <table>
            <thead>
            <tr><th>县区</th><th class="num">发现问题</th><th class="num">占比</th><th>备注</th></tr>
            </thead>
            <tbody>
            <tr><td>赫山区</td><td class="num">12</td><td class="num">0.46</td><td>重点</td></tr>
            <tr><td>资阳区</td><td class="num">8</td><td class="num">0.31</td><td></td></tr>
            <tr><td>益阳高新区</td><td class="num">3</td><td class="num">0.23</td><td>new</td></tr>
            </tbody>
            </table>
            """
        #expect(page.contains(expected))
    }

    @Test func escapesEveryText() {
        let hostile = "<script>alert('x')</script> & \"q\""
        let document = ReportDocument(blocks: [
            .title(hostile),
            .section(hostile),
            .text(hostile),
            .table(ReportTable(headers: [hostile], rows: [[.text(hostile)]], title: hostile)),
            .barChart(BarChart(title: hostile, labels: [hostile], values: [1], unit: hostile)),
        ])
        let output = HTMLRenderer().render(document)
        let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        #expect(!output.contains("<script"))
        #expect(!output.contains("'x'"))
        let placesWithWholeText = [
            "<title>", "<h1>", "<h2>", "<p>", "<caption>", "<th>", "<td>", "<figcaption>",
            "aria-label", "value text",
        ]
        #expect(output.components(separatedBy: escaped).count - 1 == placesWithWholeText.count)
    }

    @Test func splitsTextIntoParagraphs() {
        let document = ReportDocument(blocks: [.text("第一段\n续行\n\n第二段")])
        #expect(HTMLRenderer().render(document).contains("<p>第一段<br>续行</p>\n<p>第二段</p>"))
    }
}
