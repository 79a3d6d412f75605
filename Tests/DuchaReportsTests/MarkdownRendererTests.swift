import DuchaReports
import Testing

@Suite("Markdown renderer")
struct MarkdownRendererTests {
    @Test func rendersAWholeReport() {
        let expected = """
            # 分县(区、市)统计

            ## 一、总体情况

            截至目前，全市查处问题23个。

            | 县区 | 发现问题 | 占比 | 备注 |
            | --- | ---: | ---: | --- |
            | 赫山区 | 12 | 0.46 | 重点 |
            | 资阳区 | 8 | 0.31 |  |
            | 益阳高新区 | 3 | 0.23 | new |

            **分县问题数**

            | 项目 | 数值（件） |
            | --- | ---: |
            | 赫山区 | 12 |
            | 资阳区 | 5 |
            | ABC | 2 |

            """
        #expect(MarkdownRenderer().render(Fixtures.report) == expected)
    }

    @Test func escapesPipesAndLineBreaksInCells() {
        let table = ReportTable(headers: ["a|b"], rows: [["x | y\nz\r\nw"]])
        let expected = """
            | a\\|b |
            | --- |
            | x \\| y<br>z<br>w |

            """
        #expect(MarkdownRenderer().render(ReportDocument(blocks: [.table(table)])) == expected)
    }

    @Test func keepsHeadingsOnOneLine() {
        let document = ReportDocument(blocks: [.title("第一行\n第二行")])
        #expect(MarkdownRenderer().render(document) == "# 第一行 第二行\n")
    }
}
