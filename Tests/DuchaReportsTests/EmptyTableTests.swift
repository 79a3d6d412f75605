import DuchaReports
import Testing

@Suite("Empty tables")
struct EmptyTableTests {
    private let document = ReportDocument(blocks: [.table(Fixtures.emptyTable)])

    @Test(arguments: ReportFormat.allCases)
    func keepTheirHeader(format: ReportFormat) {
        let output = renderer(for: format, options: RenderOptions()).render(document)
        #expect(output.contains("县区"))
        #expect(output.contains("发现问题"))
    }

    @Test func sayNoRowsOnTheTerminal() {
        let output = renderer(for: .table, options: RenderOptions()).render(document)
        #expect(output.contains("(no rows)"))
    }

    @Test func haveAnEmptyRowListInJSON() {
        let output = renderer(for: .json, options: RenderOptions()).render(document)
        #expect(output.contains("\"rows\": []"))
    }

    @Test func haveOnlyTheHeaderAndDelimiterInMarkdown() {
        let output = renderer(for: .markdown, options: RenderOptions()).render(document)
        #expect(output == "| 县区 | 发现问题 |\n| --- | --- |\n")
    }

    @Test func haveAHeadAndAnEmptyBodyInHTML() {
        let output = renderer(for: .html, options: RenderOptions()).render(document)
        #expect(output.contains("<thead>\n<tr><th>县区</th><th>发现问题</th></tr>\n</thead>"))
        #expect(output.contains("<tbody>\n</tbody>"))
    }
}
