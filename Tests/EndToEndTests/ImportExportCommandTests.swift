import Foundation
import Testing

extension Ducha {
    /// Gives the user of the workspace in `directory` exactly `grants`.
    static func grant(_ grants: [String], in directory: URL) throws {
        let file = directory.appendingPathComponent("ducha.toml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let granted = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("grants = ") ? "grants = [\(grants.map { "\"\($0)\"" }.joined(separator: ", "))]" : line
        }
        try Data(granted.joined(separator: "\n").utf8).write(to: file)
    }
}

/// `ducha import` and `ducha export` under the workspace's grants, through the built binary.
@Suite struct ImportExportCommandTests {
    @Test func importingNeedsTheWriteGrantAndIsAudited() throws {
        let folder = try Ducha.folder(with: ["regions.csv": "id,name,level\nregion:x,某地,city\n"])
        _ = try Ducha.run(["init", "w"], in: folder)
        let workspace = folder.appendingPathComponent("w")
        #expect(
            try String(contentsOf: workspace.appendingPathComponent("ducha.toml"), encoding: .utf8).contains(
                "grants = [ \"write\" ]"))
        try Ducha.grant([], in: workspace)
        let refused = try Ducha.run(["import", "regions.csv", "--workspace", "w"], in: folder)
        #expect(refused.status == 1)
        #expect(
            refused.standardError
                == "ducha: regions.csv: importing into regions needs the write grant (add \"write\" to identity.grants in ducha.toml); nothing was imported\n"
        )
        let checked = try Ducha.run(["import", "regions.csv", "--workspace", "w", "--dry-run"], in: folder)
        #expect(checked.status == 0)
        #expect(try Ducha.run(["audit", "show"], in: workspace).standardOutput == "")

        try Ducha.grant(["write"], in: workspace)
        let imported = try Ducha.run(["import", "regions.csv", "--workspace", "w"], in: folder)
        #expect(imported.standardOutput == "Imported 1 records into regions.\n")
        #expect(imported.standardError == "")
        let trail = try Ducha.run(["audit", "show"], in: workspace).standardOutput
        #expect(trail.contains("import regions {\"file\":\"regions.csv\",\"records\":1}"))
        #expect(trail.contains("\t\(ProcessInfo.processInfo.environment["USER"] ?? "analyst")\t"))
    }

    @Test func auditShowShowsWrittenValuesAsTheViewerMaySeeThem() throws {
        let folder = try Ducha.folder(with: [:])
        _ = try Ducha.run(["init", "w", "--sample", "yiyang-2021"], in: folder)
        let workspace = folder.appendingPathComponent("w")
        try Ducha.grant(["write", "confidential"], in: workspace)
        let written = try Ducha.run(
            ["-e", "return ducha.subjects:insert{ id = 'subject:new', name = '新对象', post = '科员' }"], in: workspace)
        #expect(written.status == 0, "\(written.standardError)")
        try Ducha.grant([], in: workspace)
        let hidden = try Ducha.run(["audit", "show"], in: workspace).standardOutput
        #expect(!hidden.contains("新对象"))
        #expect(hidden.contains(#"insert subjects subject:new {"id":"subject:new","name":"化名-"#), "\(hidden)")
        #expect(hidden.contains(#""post":"科员"}"#))
        try Ducha.grant(["confidential"], in: workspace)
        let shown = try Ducha.run(["audit", "show"], in: workspace).standardOutput
        #expect(shown.contains(#""name":"新对象""#))
        #expect(try Ducha.run(["audit", "verify"], in: workspace).status == 0)
    }

    @Test func exportsShowWhatScriptsSee() throws {
        let folder = try Ducha.folder(with: [:])
        _ = try Ducha.run(["init", "w", "--sample", "yiyang-2021"], in: folder)
        let workspace = folder.appendingPathComponent("w")
        let clues = try Ducha.run(["export", "clues"], in: workspace)
        #expect(clues.status == 1)
        #expect(clues.standardOutput == "")
        #expect(clues.standardError.contains("exporting the secret collection clues needs the secret grant"))
        let hidden = try Ducha.run(["export", "subjects"], in: workspace).standardOutput
        let scripted = try Ducha.run(["-e", "return ducha.subjects:order_by('id'):first().name"], in: workspace)
        #expect(hidden.split(separator: "\n").dropFirst().allSatisfy { $0.split(separator: ",")[1].hasPrefix("化名-") })
        #expect(scripted.standardOutput.hasPrefix("化名-"))

        try Ducha.grant(["confidential", "secret"], in: workspace)
        let shown = try Ducha.run(["export", "subjects"], in: workspace).standardOutput
        #expect(!shown.contains("化名-"))
        #expect(try Ducha.run(["export", "clues"], in: workspace).status == 0)
    }

    @Test func aWorkbookInflatingPastTheCapIsRefusedBeforeItIsRead() throws {
        let folder = try Ducha.folder(with: [:])
        _ = try Ducha.run(["init", "w", "--sample", "yiyang-2021"], in: folder)
        let workspace = folder.appendingPathComponent("w")
        // A small sheet whose zip headers say it inflates to 3 GiB, as a zip bomb's may.
        let script = """
            import sys, zipfile
            main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
            rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
            sheet = "xl/worksheets/sheet1.xml"
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rels}"><sheets>'
                    '<sheet name="findings" sheetId="1" r:id="rId1"/></sheets></workbook>')
                archive.writestr("xl/_rels/workbook.xml.rels",
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f'<Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
                archive.writestr(sheet, f'<worksheet xmlns="{main}"><sheetData/></worksheet>')
            data = bytearray(open(sys.argv[1], "rb").read())
            for signature, size_at, name_at in ((b"PK\\x03\\x04", 22, 30), (b"PK\\x01\\x02", 24, 46)):
                start = data.find(signature)
                while start >= 0:
                    if data[start + name_at:start + name_at + len(sheet)] == sheet.encode():
                        data[start + size_at:start + size_at + 4] = (3 << 30).to_bytes(4, "little")
                    start = data.find(signature, start + 1)
            open(sys.argv[1], "wb").write(bytes(data))
            """
        let bomb = workspace.appendingPathComponent("发现问题.xlsx")
        let made = try ChildProcess(["/usr/bin/python3", "-c", script, bomb.path]).finish()
        try #require(made.status == 0, "\(made.standardError)")

        let refused = try Ducha.run(["import", bomb.lastPathComponent], in: workspace)
        #expect(refused.status == 1)
        #expect(
            refused.standardError
                == "ducha: 发现问题.xlsx: 1 problem; nothing was imported\n"
                + "  the part xl/worksheets/sheet1.xml inflates to more than 1536 MiB, "
                + "the most one part of an XLSX file may hold\n")
        #expect(try Ducha.run(["-e", "return ducha.findings:count()"], in: workspace).standardOutput == "172\n")
    }

    @Test func csvExportsAndReportsNeutraliseFormulasAndTheImportUndoesIt() throws {
        let regions = "id,name,level\nregion:x,\"=HYPERLINK(\"\"http://x\"\",\"\"点\"\")\",city\nregion:y,-3,city\n"
        let folder = try Ducha.folder(with: ["regions.csv": regions])
        for name in ["a", "b"] { _ = try Ducha.run(["init", name], in: folder) }
        let first = folder.appendingPathComponent("a")
        try #require(try Ducha.run(["import", "../regions.csv"], in: first).status == 0)

        let exported = try Ducha.run(["export", "regions"], in: first)
        #expect(exported.standardOutput.contains("\nregion:x,\"'=HYPERLINK(\"\"http://x\"\",\"\"点\"\")\",city,"))
        #expect(exported.standardOutput.contains("\nregion:y,'-3,city,"))
        let raw = try Ducha.run(["export", "regions", "--raw-csv"], in: first)
        #expect(raw.standardOutput.contains("\nregion:x,\"=HYPERLINK("))
        #expect(raw.standardOutput.contains("\nregion:y,-3,city,"))

        let second = folder.appendingPathComponent("b")
        try Data(exported.standardOutput.utf8).write(to: second.appendingPathComponent("regions.csv"))
        try #require(try Ducha.run(["import", "regions.csv"], in: second).status == 0)
        let names = try Ducha.run(
            ["-e", "return ducha.regions:order_by('id'):select('name'):rows()[1].name"], in: second)
        #expect(names.standardOutput == "=HYPERLINK(\"http://x\",\"点\")\n")

        let reports = first.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try Data(
            """
            require('ducha.report').table({ { t = '@SUM(A1)', n = -3 }, { t = '+1', n = 2.5 } },
              { columns = { 't', 'n' }, headers = { '=标题', '数' } })
            """.utf8
        ).write(to: reports.appendingPathComponent("formulas.lua"))
        let report = try Ducha.run(["report", "formulas", "--format", "csv"], in: first)
        #expect(report.standardOutput == "'=标题,数\r\n'@SUM(A1),-3\r\n'+1,2.5\r\n\n", "\(report.standardError)")
        let rawReport = try Ducha.run(["report", "formulas", "--format", "csv", "--raw-csv"], in: first)
        #expect(rawReport.standardOutput == "=标题,数\r\n@SUM(A1),-3\r\n+1,2.5\r\n\n")
    }
}
