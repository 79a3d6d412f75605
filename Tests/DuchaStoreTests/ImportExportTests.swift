import DuchaModel
import Foundation
import GRDB
import Tabular
import Testing

@testable import DuchaStore

/// `ducha import` and `ducha export`: what they accept, what they refuse, and round trips.
@Suite struct ImportExportTests {
    /// A store holding the sample's places and bodies, ready for findings to be imported.
    private func storeWithPlaces() throws -> Store {
        let store = try Store(path: temporaryFolder().appendingPathComponent("i.sqlite").path, create: true)
        let wanted: Set<String> = ["regions", "units", "bodies"]
        try store.insert(YiyangSample.records().filter { wanted.contains($0.collection) })
        return store
    }

    private func write(_ text: String, named name: String) throws -> URL {
        let file = try temporaryFolder().appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    private func importing(
        _ file: URL, into store: Store, _ options: ImportOptions = ImportOptions(year: 2021),
        as identity: WorkspaceConfiguration.Identity = Grants.all
    ) throws -> ImportSummary {
        try Importer(store: store, identity: identity).importFile(file, options: options)
    }

    private func findingCount(_ store: Store) throws -> Int {
        try store.counts().first { $0.collection == "findings" }!.count
    }

    /// Expects the import of `text` to fail with a problem whose description contains
    /// every one of `expected`, and the store to be unchanged.
    private func expectRefusal(
        _ text: String, named name: String = "findings.csv", into store: Store? = nil, _ expected: [String]
    ) throws {
        let store = try store ?? storeWithPlaces()
        let before = try store.counts().map(\.count)
        #expect {
            try importing(write(text, named: name), into: store)
        } throws: { error in
            let message = "\(error)"
            let ok = expected.allSatisfy(message.contains) && message.contains("nothing was imported")
            if !ok { Issue.record("unexpected message: \(message)") }
            return ok
        }
        #expect(try store.counts().map(\.count) == before)
    }

    /// The rows of `table` as SQLite stores them, each value with its storage class, in the
    /// order they were added; `columns` picks the columns.
    private func stored(_ table: String, _ columns: String = "*", in store: Store) throws -> [[DatabaseValue.Storage]] {
        try store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table) ORDER BY rowid").map { row in
                row.databaseValues.map(\.storage)
            }
        }
    }

    static let header = "id,unit,body,category,found_on,description\n"

    @Test func chineseHeadersLabelsDatesAndNamesAreUnderstood() throws {
        let store = try storeWithPlaces()
        let text = #"""
            编号,被监督单位,发现机构,问题类别,发现日期,风险隐患,问题描述
            f1,益阳万达广场,益阳市纪委监委,红码人员脱管,8月6日,是,"红码人员脱管, 未落实""四包一"""
            f2,unit:yiyang-station,body:city,yellow_code_untested,2021年8月7日,否,黄码人员未检测
            f3,unit:yiyang-station,body:city,措施落实不力,2021/8/8,0,
            """#
        let summary = try importing(write(text, named: "发现问题.csv"), into: store)
        #expect(summary == ImportSummary(collection: "findings", records: 3, dryRun: false))
        #expect(
            try stored("findings", "id, unit, body, category, risk, description, found_on", in: store) == [
                [
                    .string("f1"), .string("unit:wanda-mall"), .string("body:city"), .string("red_code_unmanaged"),
                    .int64(1), .string(#"红码人员脱管, 未落实"四包一""#), .string("2021-08-06"),
                ],
                [
                    .string("f2"), .string("unit:yiyang-station"), .string("body:city"),
                    .string("yellow_code_untested"),
                    .int64(0), .string("黄码人员未检测"), .string("2021-08-07"),
                ],
                [
                    .string("f3"), .string("unit:yiyang-station"), .string("body:city"),
                    .string("measure_not_in_place"),
                    .int64(0), .null, .string("2021-08-08"),
                ],
            ])
    }

    @Test func anUnknownEnumLabelIsRefused() throws {
        try expectRefusal(
            Self.header + "f1,unit:wanda-mall,body:city,口罩问题,2021-08-06,x\n",
            ["row 2, column category: '口罩问题': unknown finding_category (valid: measure_not_in_place 措施落实不力"])
    }

    @Test func aDanglingReferenceIsRefused() throws {
        try expectRefusal(
            Self.header
                + "f1,unit:wanda-mall,body:city,formalism,2021-08-06,x\nf2,unit:nowhere,body:city,formalism,2021-08-06,y\n",
            ["row 3, column unit: 'unit:nowhere': no such record in units"])
    }

    @Test func aDuplicateIdIsRefused() throws {
        try expectRefusal(
            Self.header
                + "f1,unit:wanda-mall,body:city,formalism,2021-08-06,x\nf1,unit:wanda-mall,body:city,formalism,2021-08-07,y\n",
            ["row 3, column id: 'f1': duplicate id"])
    }

    @Test func anImpossibleDateIsRefused() throws {
        try expectRefusal(
            Self.header + "f1,unit:wanda-mall,body:city,formalism,2021-02-30,x\n",
            ["row 2, column found_on: '2021-02-30': not a date"])
    }

    @Test(arguments: [
        (
            header + "f1,unit:wanda-mall,body:city,formalism,2021-08-06\n",
            "row 2: expected 6 columns, found 5 (missing 'description')"
        ),
        (
            "编号,被监督单位,发现机构,问题类别,发现日期,问题描述\nf1,unit:wanda-mall,body:city,formalism\n",
            "row 2: expected 6 columns, found 4 (missing '发现日期', '问题描述')"
        ),
        (
            header + "f1,unit:wanda-mall,body:city,formalism,2021-08-06,x,surplus\n",
            "row 2: expected 6 columns, found 7 (extra: 'surplus')"
        ),
    ])
    func aCSVRowOfTheWrongLengthIsRefusedNamingTheColumns(text: String, expected: String) throws {
        try expectRefusal(text, [expected])
    }

    @Test func aSpreadsheetRowMayLeaveOutEmptyCells() throws {
        func cell(_ reference: String, _ text: String) -> String {
            #"<c r="\#(reference)" t="inlineStr"><is><t>\#(text)</t></is></c>"#
        }
        func row(_ number: Int, _ cells: [String: String]) -> String {
            #"<row r="\#(number)">"# + cells.keys.sorted().map { cell("\($0)\(number)", cells[$0]!) }.joined()
                + "</row>"
        }
        let header = ["A": "id", "B": "unit", "C": "risk", "D": "body", "E": "category", "F": "found_on"]
        let rows = [
            row(1, header.merging(["G": "description"]) { $1 }),
            row(
                2,
                [
                    "A": "f1", "B": "unit:wanda-mall", "C": "是", "D": "body:city", "E": "formalism", "F": "2021-08-06",
                    "G": "全有",
                ]),
            // A gap in the middle (C3) and no last cell (G3), as Excel leaves out empty cells.
            row(3, ["A": "f2", "B": "unit:wanda-mall", "D": "body:city", "E": "formalism", "F": "2021-08-07"]),
        ]
        let store = try storeWithPlaces()
        let file = try temporaryFolder().appendingPathComponent("findings.xlsx")
        let short = row(4, ["A": "f3", "B": "unit:wanda-mall", "C": "否", "D": "body:city"])
        try SpreadsheetFile.workbook(sheetData: (rows + [short]).joined()).write(to: file)
        #expect {
            try importing(file, into: store)
        } throws: { error in
            let message = "\(error)"
            let ok =
                message.contains("row 4, column category: is required")
                && message.contains("row 4, column found_on: is required") && !message.contains("columns")
            if !ok { Issue.record("unexpected message: \(message)") }
            return ok
        }
        try SpreadsheetFile.workbook(sheetData: rows.joined()).write(to: file)
        #expect(try importing(file, into: store).records == 2)
        #expect(
            try stored("findings", "id, risk, description, found_on", in: store) == [
                [.string("f1"), .int64(1), .string("全有"), .string("2021-08-06")],
                [.string("f2"), .null, .null, .string("2021-08-07")],
            ])
    }

    @Test func anEmptyFileIsRefused() throws {
        try expectRefusal("", ["the file is empty"])
    }

    @Test func anUnknownColumnIsRefusedWithTheValidOnes() throws {
        try expectRefusal(
            "id,unit,colour\nf1,unit:wanda-mall,red\n",
            ["row 1, column 3: 'colour': unknown column for findings (valid: id (编号)"])
    }

    @Test func everyBadRowIsListedNotJustTheFirst() throws {
        var text = Self.header
        for index in 1...150 { text += "f\(index),unit:wanda-mall,body:city,bad\(index),2021-08-06,x\n" }
        try expectRefusal(text, ["150 problems", "row 101, column category: 'bad100'", "… and 50 more problems"])
    }

    @Test func gb18030IsReadWithItsEncodingAndRefusedAsUTF8() throws {
        let text = Self.header + "f1,益阳万达广场,益阳市纪委监委,红码人员脱管,8月6日,红码人员脱管失控\n"
        var writer = CSVWriter(encoding: .gb18030)
        for line in text.split(separator: "\n") {
            writer.write(line.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        }
        let file = try temporaryFolder().appendingPathComponent("findings.csv")
        try writer.data.write(to: file)
        let store = try storeWithPlaces()
        #expect {
            try importing(file, into: store)
        } throws: { error in
            "\(error)".contains("row 2") && "\(error)".contains("--encoding gb18030")
                && "\(error)".contains("nothing was imported")
        }
        #expect(try findingCount(store) == 0)
        let summary = try importing(file, into: store, ImportOptions(encoding: .gb18030, year: 2021))
        #expect(summary.records == 1)
        let description = try store.database.read { try String.fetchOne($0, sql: "SELECT description FROM findings") }
        #expect(description == "红码人员脱管失控")
    }

    @Test func aTruncatedSpreadsheetIsRefused() throws {
        let store = try YiyangStore.make()
        let whole = try Exporter(store: store, identity: Grants.all).export("regions", format: .xlsx)
        let file = try temporaryFolder().appendingPathComponent("regions.xlsx")
        try whole.prefix(whole.count / 2).write(to: file)
        let empty = try Store(path: temporaryFolder().appendingPathComponent("e.sqlite").path, create: true)
        #expect {
            try importing(file, into: empty)
        } throws: { error in
            "\(error)".contains("not a valid XLSX file") && "\(error)".contains("nothing was imported")
        }
        #expect(try empty.counts().allSatisfy { $0.count == 0 })
    }

    @Test func aDryRunChecksButWritesNothing() throws {
        let store = try storeWithPlaces()
        let file = try write(
            Self.header + "f1,unit:wanda-mall,body:city,formalism,2021-08-06,x\n", named: "findings.csv")
        let summary = try importing(file, into: store, ImportOptions(year: 2021, dryRun: true))
        #expect(summary.records == 1 && summary.dryRun)
        #expect(try findingCount(store) == 0)
        let dangling = try write(
            Self.header + "f1,unit:nowhere,body:city,formalism,2021-08-06,x\n", named: "findings.csv")
        #expect(throws: ImportFailure.self) {
            try importing(dangling, into: store, ImportOptions(year: 2021, dryRun: true))
        }
    }

    @Test func aNameSeveralRecordsShareIsRefusedWithTheirIds() throws {
        let store = try storeWithPlaces()
        try store.insert([
            Record(
                "units",
                [
                    "id": .text("unit:wanda-mall-2"), "name": .text("益阳万达广场"), "kind": .text("mall"),
                    "region": .text("region:heshan-st"),
                ])
        ])
        try expectRefusal(
            Self.header + "f1,益阳万达广场,body:city,formalism,2021-08-06,x\n", into: store,
            [
                "row 2, column unit: '益阳万达广场': the name matches 2 records in units "
                    + "(unit:wanda-mall, unit:wanda-mall-2); use the id"
            ])
    }

    @Test func jsonLinesAreNumberedByLine() throws {
        let good =
            #"{"id":"f1","unit":"unit:wanda-mall","body":"body:city","category":"formalism","found_on":"2021-08-06"}"#
        let bad = #"{"id":"f2","unit":"unit:wanda-mall","body":"body:city","category":"口罩问题","found_on":"2021-08-06"}"#
        try expectRefusal(
            "\n" + good + "\n\n" + bad + "\n", named: "findings.jsonl", ["1 problem", "row 4, column category: '口罩问题'"])
        try expectRefusal("\n" + good + "\n\n{not json\n", named: "findings.jsonl", ["row 4: not valid JSON"])
    }

    @Test func problemsAreListedInRowThenColumnOrder() throws {
        // Row 2's broken references are found when the import commits, after row 3's bad
        // category was found while reading.
        try expectRefusal(
            Self.header + "f1,unit:nowhere,body:nowhere,formalism,2021-08-06,x\n"
                + "f2,unit:wanda-mall,body:city,口罩问题,2021-08-06,y\n",
            [
                """
                  row 2, column unit: 'unit:nowhere': no such record in units
                  row 2, column body: 'body:nowhere': no such record in bodies
                  row 3, column category: '口罩问题'
                """
            ])
    }

    @Test func anUnknownJSONKeyIsNamedByItsKey() throws {
        try expectRefusal(
            #"[{"id": "f1", "unit": "unit:wanda-mall", "colour": "red"}]"#, named: "findings.json",
            ["\n  'colour': unknown key for findings (valid: id (编号)"])
        try expectRefusal(
            #"[{"unit": "unit:wanda-mall"}]"#, named: "findings.json", ["\n  no id key"])
    }

    @Test func jsonTextIsStoredExactlyAndSpreadsheetTextTrimmed() throws {
        let json = try storeWithPlaces()
        let records = [
            #"{"id": "f1", "unit": "unit:wanda-mall", "body": "body:city", "category": "formalism", "found_on": "2021-08-06", "description": " 前后空格 "}"#,
            #"{"id": "f2", "unit": "unit:wanda-mall", "body": "body:city", "category": "formalism", "found_on": "2021-08-06", "description": ""}"#,
            #"{"id": "f3", "unit": "unit:wanda-mall", "body": "body:city", "category": "formalism", "found_on": "2021-08-06", "description": null}"#,
            #"{"id": "f4", "unit": " unit:wanda-mall ", "body": "body:city", "category": " formalism", "found_on": " 2021-08-06"}"#,
        ]
        _ = try importing(write(records.joined(separator: "\n"), named: "findings.jsonl"), into: json)
        let expected: [[DatabaseValue.Storage]] = [
            [.string("f1"), .string(" 前后空格 "), .string("unit:wanda-mall")],
            [.string("f2"), .string(""), .string("unit:wanda-mall")],
            [.string("f3"), .null, .string("unit:wanda-mall")],
            [.string("f4"), .null, .string("unit:wanda-mall")],
        ]
        #expect(try stored("findings", "id, description, unit", in: json) == expected)

        let copy = try storeWithPlaces()
        let exported = try Exporter(store: json, identity: Grants.all).export("findings", format: .json)
        _ = try importing(write(String(decoding: exported, as: UTF8.self), named: "findings.json"), into: copy)
        #expect(try stored("findings", "id, description, unit", in: copy) == expected)

        let csv = try storeWithPlaces()
        _ = try importing(
            write(
                Self.header + "f1,unit:wanda-mall,body:city,formalism,2021-08-06, 前后空格 \n"
                    + "f2,unit:wanda-mall,body:city,formalism,2021-08-06,\"\"\n", named: "findings.csv"),
            into: csv)
        #expect(try stored("findings", "description", in: csv) == [[.string("前后空格")], [.null]])
    }

    @Test func aCSVExportNeutralisesFormulasAndItsImportTakesTheQuotesOffAgain() throws {
        let source = try storeWithPlaces()
        let names = ["=HYPERLINK(\"http://x\",\"点\")", "+1", "-3", "@SUM(A1)", "'=已有引号", "'普通", "普通"]
        try source.insert(
            names.enumerated().map { index, name in
                Record(
                    "campaigns",
                    [
                        "id": .text("campaign:\(index)"), "body": .text("body:city"), "name": .text(name),
                        "planned_rounds": .integer(-Int64(index)),
                    ])
            })
        let exporter = Exporter(store: source, identity: Grants.all)
        let csv = String(decoding: try exporter.export("campaigns", format: .csv), as: UTF8.self)
        let lines = csv.split(separator: "\n").dropFirst().map(String.init)
        #expect(
            lines == [
                "campaign:0,body:city,\"'=HYPERLINK(\"\"http://x\"\",\"\"点\"\")\",0,,",
                "campaign:1,body:city,'+1,-1,,", "campaign:2,body:city,'-3,-2,,", "campaign:3,body:city,'@SUM(A1),-3,,",
                "campaign:4,body:city,''=已有引号,-4,,", "campaign:5,body:city,'普通,-5,,",
                "campaign:6,body:city,普通,-6,,",
            ])
        let raw = String(decoding: try exporter.export("campaigns", format: .csv, rawCSV: true), as: UTF8.self)
        #expect(raw.contains("\ncampaign:2,body:city,-3,-2,,\n"))

        let copy = try storeWithPlaces()
        _ = try importing(write(csv, named: "campaigns.csv"), into: copy)
        #expect(
            try stored("campaigns", "id, name, planned_rounds", in: copy)
                == stored("campaigns", "id, name, planned_rounds", in: source))
    }

    @Test(arguments: [TableFormat.csv, .json, .xlsx])
    func exportThenImportIntoAnEmptyWorkspaceGivesIdenticalData(format: TableFormat) throws {
        let source = try YiyangStore.make()
        let target = try Store(path: temporaryFolder().appendingPathComponent("t.sqlite").path, create: true)
        let folder = try temporaryFolder()
        for collection in source.schema.collectionsInDependencyOrder {
            let file = folder.appendingPathComponent("\(collection.name).\(format.rawValue)")
            try Exporter(store: source, identity: Grants.all).export(collection.name, format: format).write(to: file)
            _ = try Importer(store: target, identity: Grants.all).importFile(file, options: ImportOptions())
        }
        for collection in source.schema.collections {
            let tables =
                [collection.name] + collection.manyValuedFields.map { StorageLayout.valuesTable(collection, $0) }
            for table in tables {
                #expect(try stored(table, in: target) == stored(table, in: source), "\(table)")
            }
        }
    }
}

/// Identities with the grants tests need.
enum Grants {
    static let all = WorkspaceConfiguration.Identity(user: "chief", grants: ["confidential", "secret", "write"])
    static let none = WorkspaceConfiguration.Identity(user: "reader")
    static let write = WorkspaceConfiguration.Identity(user: "clerk", grants: ["write"])
}

/// The whole sample in a fresh store.
enum YiyangStore {
    static func make() throws -> Store {
        let store = try Store(path: temporaryFolder().appendingPathComponent("y.sqlite").path, create: true)
        try store.insert(YiyangSample.records())
        return store
    }
}
