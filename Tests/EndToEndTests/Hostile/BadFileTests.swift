import Foundation
import Testing

/// Files made to break readers: malformed CSV, misdeclared encodings, JSON nested or
/// numbered past reason, XLSX bombs and damage, manifest and ducha.toml bombs. Each is
/// refused with a message naming the problem; nothing is imported or changed.
@Suite struct BadFileTests {
    static let importBudget = Hostile.Budget(seconds: 20, megabytes: 256)

    /// Writes `name` with `bytes` outside the workspace and imports it (a dry run would
    /// read it too, but a real import is what must leave nothing behind).
    private func expectRefusedImport(
        _ name: String, _ bytes: Data, options: [String] = [], naming: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let folder = try Hostile.scripts([:])
        let file = folder.appendingPathComponent(name)
        try bytes.write(to: file)
        try Hostile.expectClean(
            ["import", file.path] + options, in: Fixtures.copy(Fixtures.sample.get()), naming: naming,
            budget: Self.importBudget, sourceLocation: sourceLocation)
    }

    private func generated(_ name: String, _ program: String) throws -> Data {
        let file = try Hostile.scripts([:]).appendingPathComponent(name)
        try Hostile.python(program, [file.path])
        return try Data(contentsOf: file)
    }

    @Test func anUnterminatedQuoteIsRefused() throws {
        try expectRefusedImport("regions.csv", Data("id,name,level\nregion:x,\"某地,city\n".utf8), naming: ["row"])
    }

    @Test func aRowWithTooFewCellsIsRefused() throws {
        try expectRefusedImport(
            "regions.csv", Data("id,name,level\nregion:x,某地\n".utf8), naming: ["expected 3 columns"])
    }

    @Test func invalidUTF8IsRefusedWithAHint() throws {
        try expectRefusedImport(
            "regions.csv", Data("id,name,level\nregion:x,".utf8) + Data([0xC4, 0xCF, 0xFF]) + Data(",city\n".utf8),
            naming: ["gb18030"])
    }

    @Test func aNULByteIsRefused() throws {
        try expectRefusedImport("regions.csv", Data("id,name,level\nregion:x,a\0b,city\n".utf8), naming: ["row 2"])
    }

    @Test(.disabled("the CSV reader splits the whole header before counting its columns: 557 MB for 10^6"))
    func aMillionColumnsAreRefused() throws {
        let header = "id,name,level," + (0..<1_000_000).map { "c\($0)" }.joined(separator: ",")
        try expectRefusedImport("regions.csv", Data((header + "\n").utf8), naming: ["unknown column"])
    }

    @Test func utf8DeclaredAsGB18030IsRefused() throws {
        try expectRefusedImport(
            "regions.csv", Data("id,name,level\nregion:x,某地,城市\n".utf8), options: ["--encoding", "gb18030"],
            naming: ["level"])
    }

    @Test func jsonNestedAHundredThousandDeepIsRefused() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        try expectRefusedImport("regions.json", Data(deep.utf8), naming: ["regions.json"])
    }

    @Test func aHugeJSONNumberIsRefused() throws {
        try expectRefusedImport(
            "deployments.json",
            Data(
                "[{\"id\":\"deployment:x\",\"body\":\"body:city\",\"purpose\":\"inspection\",\"headcount\":1e999999}]"
                    .utf8),
            naming: ["nothing was imported"])
    }

    @Test(.disabled("Foundation's JSON parser keeps the last of duplicate keys without saying so"))
    func duplicateJSONKeysAreRefused() throws {
        try expectRefusedImport(
            "regions.json", Data("[{\"id\":\"region:x\",\"id\":\"region:y\",\"name\":\"某地\",\"level\":\"city\"}]".utf8),
            naming: ["id"])
    }

    @Test(.disabled("the XLSX reader holds a whole sheet in memory; its caps allow a million-row sheet of 834 MB"))
    func anXLSXThatInflatesPastAGigabyteIsRefused() throws {
        let bytes = try generated(
            "bomb.xlsx",
            """
            import sys, zipfile
            head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
                z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
                z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
                with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                    f.write(head)
                    block = b" " * (1 << 24)
                    for _ in range(70):
                        f.write(block)
                    f.write(b"</sheetData></worksheet>")
            """)
        try expectRefusedImport("regions.xlsx", bytes, naming: ["regions.xlsx"])
    }

    @Test func aTruncatedXLSXIsRefused() throws {
        let folder = try Hostile.scripts([:])
        let exported = try Ducha.run(
            ["export", "regions", "--format", "xlsx", "--out", folder.path + "/regions.xlsx"], in: Fixtures.sample.get()
        )
        try #require(exported.status == 0)
        let bytes = try Data(contentsOf: folder.appendingPathComponent("regions.xlsx"))
        try expectRefusedImport("regions.xlsx", bytes.prefix(bytes.count / 2), naming: ["regions.xlsx"])
    }

    @Test func manifestBombsAreRefused() throws {
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        for (sentence, manifest) in [
            (
                "nested arrays",
                "name = \"bomb\"\nversion = \"1.0.0\"\napi = \"^1.0\"\nx = " + String(repeating: "[", count: 100_000)
                    + String(repeating: "]", count: 100_000) + "\n"
            ),
            (
                "a 50 MB description",
                "name = \"bomb\"\nversion = \"1.0.0\"\napi = \"^1.0\"\ndescription = \""
                    + String(repeating: "x", count: 50 << 20) + "\"\n"
            ),
        ] {
            let folder = try Hostile.scripts([:]).appendingPathComponent("bomb")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(manifest.utf8).write(to: folder.appendingPathComponent("plugin.toml"))
            let outcome = try Hostile.expectClean(
                ["plugin", "install", folder.path, "--allow-unsigned", "--yes"], in: workspace, naming: ["plugin.toml"],
                budget: .init(seconds: 10, megabytes: 256))
            #expect(outcome.status == 1, "\(sentence)")
        }
    }

    static let configurations: [(String, String)] = [
        ("a truncated file", "name = \"ws\"\ndatabase = \"ducha.sq"),
        ("binary garbage", "\u{0}\u{1}\u{2}\u{FFFD}\u{7F}garbage"),
        (
            "grants as a string",
            "name = \"ws\"\ndatabase = \"ducha.sqlite\"\n[identity]\nuser = \"a\"\ngrants = \"confidential\"\n"
        ),
        (
            "an unknown grant",
            "name = \"ws\"\ndatabase = \"ducha.sqlite\"\n[identity]\nuser = \"a\"\ngrants = [\"root\"]\n"
        ),
        (
            "a database that is a device",
            "name = \"ws\"\ndatabase = \"/dev/zero\"\n[identity]\nuser = \"a\"\ngrants = []\n"
        ),
        ("a database that is a folder", "name = \"ws\"\ndatabase = \"/tmp\"\n[identity]\nuser = \"a\"\ngrants = []\n"),
        (
            "a database that is no database",
            "name = \"ws\"\ndatabase = \"ducha.toml\"\n[identity]\nuser = \"a\"\ngrants = []\n"
        ),
        (
            "nested arrays",
            "x = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        ),
    ]

    @Test(arguments: configurations.indices)
    func aCorruptedDuchaTomlIsRefused(index: Int) throws {
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        try Data(Self.configurations[index].1.utf8).write(to: workspace.appendingPathComponent("ducha.toml"))
        try Hostile.expectClean(
            ["db", "info"], in: workspace, naming: ["ducha"], budget: .init(seconds: 10, megabytes: 256))
    }
}
