import DuchaReports
import DuchaScripting
import Foundation
import Testing

/// Every shipped report runs on the sample, and its key figures are the article's.
@Suite struct ShippedScriptTests {
    private func report(_ name: String, arguments: [String] = []) throws -> ReportDocument {
        let host = try ScriptHost(options: ScriptOptions(workspace: SampleWorkspace.shared))
        guard case .script(let source, let scriptName) = try ReportCatalog(workspace: nil).report(name) else {
            Issue.record("\(name) is not a shipped script")
            return ReportDocument()
        }
        try host.runSource(source, name: scriptName, arguments: arguments)
        return try host.reportDocument()
    }

    private func texts(_ document: ReportDocument) -> String {
        document.blocks.compactMap { block -> String? in
            switch block {
            case .title(let text), .section(let text), .text(let text): text
            default: nil
            }
        }.joined(separator: "\n")
    }

    private func tables(_ document: ReportDocument) -> [ReportTable] {
        document.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
    }

    @Test func theOverviewRegeneratesTheArticlesFigures() throws {
        let document = try report("overview")
        let table = try #require(tables(document).first { $0.headers.first == "编号" })
        var figures: [String: ReportValue] = [:]
        for row in table.rows {
            guard case .text(let id) = row[0], figures[id] == nil else { continue }
            figures[id] = row[2]
        }
        let expected: [String: Int64] = [
            "Q13": 8, "Q14": 81, "Q15": 35, "Q16": 6, "Q17": 22, "Q18": 12, "Q20": 5, "Q21": 24, "Q22": 3, "Q23": 5,
            "Q24": 13, "Q25": 87, "Q26": 99, "Q28": 24, "Q29": 16, "Q30": 14, "Q31": 42, "Q32": 6, "Q34": 36, "Q35": 51,
            "Q36": 20, "Q37": 246, "Q38": 400, "Q01": 1, "Q05": 5, "Q07": 4, "Q09": 3,
        ]
        for (id, value) in expected { #expect(figures[id] == .integer(value), "\(id)") }
        if case .integer(let q19) = figures["Q19"] { #expect(q19 >= 1) } else { Issue.record("no Q19") }
        #expect(texts(document).contains("查处疫情防控有关问题36个，运用第一种形态处理51人"))
    }

    @Test func countyStatistics() throws {
        let document = try report("county-statistics")
        #expect(texts(document).contains("发现问题172个，已整改155个"))
        let table = try #require(tables(document).first)
        let total = try #require(table.rows.first { $0.first == .text("合计") })
        #expect(Array(total[1...4]) == [.integer(160), .integer(172), .integer(155), .integer(16)])
    }

    @Test func theHealthGroupsSectorReport() throws {
        let text = texts(try report("sector-report"))
        #expect(text.contains("督查单位89个"))
        #expect(text.contains("风险问题35个"))
    }

    @Test func overdueRectifications() throws {
        #expect(texts(try report("overdue-rectifications")).contains("逾期未整改问题16个"))
        #expect(texts(try report("overdue-rectifications", arguments: ["2021-08-20"])).contains("逾期未整改问题17个"))
    }

    @Test func followUpSchedule() throws {
        #expect(texts(try report("follow-up-schedule")).contains("计划开展回头看11次"))
    }

    @Test func accountability() throws {
        let document = try report("accountability")
        #expect(texts(document).contains("查处疫情防控有关问题36个"))
        let forms = try #require(tables(document).first { $0.headers.first == "形态" })
        #expect(forms.rows.first { $0.first == .text("第一种形态") }?[1] == .integer(51))
    }

    @Test func dailyBulletin() throws {
        #expect(texts(try report("daily-bulletin")).contains("一日一通报(第12期)"))
    }

    @Test func deployments() throws {
        let document = try report("deployments")
        #expect(texts(document).contains("共登记选派7次"))
        let summary = try #require(tables(document).first)
        #expect(summary.rows.contains { $0.first == .text("沅江市纪委监委") && $0[3] == .text("24人") })
        #expect(summary.rows.contains { $0[3] == .text("20余人") })
    }

    @Test func unannouncedVisits() throws {
        let table = try #require(tables(try report("unannounced-visits")).first)
        #expect(table.rows.count == 3)
    }

    @Test func chronicle() throws {
        let document = try report("chronicle")
        #expect(texts(document).contains("共75项"))
        let table = try #require(tables(document).first)
        #expect(table.rows.first?.first == .text("2021-07-30"))
    }

    @Test func everyShippedReportRunsInEveryFormat() throws {
        for name in ReportCatalog(workspace: nil).names() {
            let document = try report(name)
            for format in ReportFormat.allCases {
                #expect(!ReportOutput.render(document, format: format).isEmpty, "\(name) \(format)")
            }
        }
    }
}
