import DuchaReports
import Foundation
import Testing

@Suite("JSON renderer")
struct JSONRendererTests {
    private let document = ReportDocument(blocks: [
        .title("统计/汇总"),
        .table(
            ReportTable(
                headers: ["县区", "发现问题", "占比", "已结案", "备注"],
                rows: [["赫山区", 12, 0.5, true, .null]])),
        .barChart(BarChart(title: "问题数", labels: ["赫山区"], values: [12], unit: "件")),
    ])

    @Test func writesTypedValuesWithSortedKeysAndUnescapedChinese() {
        let expected = """
            {
              "blocks": [
                {
                  "text": "统计/汇总",
                  "type": "title"
                },
                {
                  "headers": [
                    "县区",
                    "发现问题",
                    "占比",
                    "已结案",
                    "备注"
                  ],
                  "rows": [
                    [
                      "赫山区",
                      12,
                      0.5,
                      true,
                      null
                    ]
                  ],
                  "title": null,
                  "type": "table"
                },
                {
                  "labels": [
                    "赫山区"
                  ],
                  "title": "问题数",
                  "type": "bar_chart",
                  "unit": "件",
                  "values": [
                    12.0
                  ]
                }
              ]
            }

            """
        #expect(JSONRenderer().render(document) == expected)
    }

    @Test func producesJSONThatFoundationParsesBack() throws {
        let text = JSONRenderer().render(Fixtures.report)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let blocks = try #require(parsed?["blocks"] as? [[String: Any]])
        #expect(
            blocks.map { $0["type"] as? String } == [
                "title", "section", "text", "table", "bar_chart",
            ])
        let rows = try #require(blocks[3]["rows"] as? [[Any]])
        #expect(rows[1][3] is NSNull)
        #expect(rows[2][0] as? String == "益阳高新区")
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let output = JSONRenderer().render(ReportDocument(blocks: [.text("\"a\\b\"\n\t\u{1}")]))
        #expect(output.contains(#""text": "\"a\\b\"\n\t\u0001""#))
    }

    @Test func writesNonFiniteNumbersAsNull() {
        let table = ReportTable(headers: ["x"], rows: [[.number(.nan)], [.number(.infinity)]])
        let output = JSONRenderer().render(ReportDocument(blocks: [.table(table)]))
        #expect(!output.contains("nan") && !output.contains("inf"))
    }
}
