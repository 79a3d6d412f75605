import DuchaModel
import Foundation
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

    private func importing(_ file: URL, into store: Store, _ options: ImportOptions = ImportOptions(year: 2021)) throws
        -> ImportSummary
    {
        try Importer(store: store).importFile(file, options: options)
    }

    private func findingCount(_ store: Store) throws -> Int {
        try store.counts().first { $0.collection == "findings" }!.count
    }

    /// Expects the import of `text` to fail with a problem whose description contains
    /// every one of `expected`, and the store to be unchanged.
    private func expectRefusal(_ text: String, named name: String = "findings.csv", _ expected: [String]) throws {
        let store = try storeWithPlaces()
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
        let rows = try String(decoding: Exporter(store: store).export("findings", format: .csv), as: UTF8.self)
        #expect(
            rows.contains(
                "f1,,unit:wanda-mall,body:city,red_code_unmanaged,,,true,\"红码人员脱管, 未落实\"\"四包一\"\"\",2021-08-06"))
        #expect(rows.contains("f2,,unit:yiyang-station,body:city,yellow_code_untested,,,false,黄码人员未检测,2021-08-07"))
        #expect(rows.contains("f3,,unit:yiyang-station,body:city,measure_not_in_place,,,false,,2021-08-08"))
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

    @Test func aWrongColumnCountIsRefused() throws {
        try expectRefusal(
            Self.header + "f1,unit:wanda-mall,body:city,formalism,2021-08-06\n",
            ["row 2: expected 6 columns, found 5"])
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
        let whole = try Exporter(store: store).export("regions", format: .xlsx)
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

    @Test(arguments: [TableFormat.csv, .json, .xlsx])
    func exportThenImportIntoAnEmptyWorkspaceGivesIdenticalData(format: TableFormat) throws {
        let source = try YiyangStore.make()
        let target = try Store(path: temporaryFolder().appendingPathComponent("t.sqlite").path, create: true)
        let folder = try temporaryFolder()
        for collection in source.schema.collectionsInDependencyOrder {
            let file = folder.appendingPathComponent("\(collection.name).\(format.rawValue)")
            try Exporter(store: source).export(collection.name, format: format).write(to: file)
            _ = try Importer(store: target).importFile(file, options: ImportOptions())
        }
        for collection in source.schema.collections {
            let before = try Exporter(store: source).export(collection.name, format: .csv)
            let after = try Exporter(store: target).export(collection.name, format: .csv)
            #expect(before == after, "\(collection.name)")
        }
        #expect(try target.counts().map(\.count) == source.counts().map(\.count))
    }
}

/// The whole sample in a fresh store.
enum YiyangStore {
    static func make() throws -> Store {
        let store = try Store(path: temporaryFolder().appendingPathComponent("y.sqlite").path, create: true)
        try store.insert(YiyangSample.records())
        return store
    }
}
