import DuchaReports

/// Documents shared by the renderer tests.
enum Fixtures {
    /// Findings per county, with Chinese text, integers, floats, a null and mixed widths.
    static let countyTable = ReportTable(
        headers: ["县区", "发现问题", "占比", "备注"],
        rows: [
            ["赫山区", 12, 0.4615, "重点"],
            ["资阳区", 8, 0.3077, .null],
            ["益阳高新区", 3, 0.2308, "new"],
        ])

    /// Findings per county as a bar chart.
    static let countyChart = BarChart(
        title: "分县问题数", labels: ["赫山区", "资阳区", "ABC"], values: [12, 5, 2], unit: "件")

    /// A table with headers and no rows.
    static let emptyTable = ReportTable(headers: ["县区", "发现问题"], rows: [])

    /// A whole report: headings, prose, a table and a chart.
    static let report = ReportDocument(blocks: [
        .title("分县(区、市)统计"),
        .section("一、总体情况"),
        .text("截至目前，全市查处问题23个。"),
        .table(countyTable),
        .barChart(countyChart),
    ])
}
