import Foundation
import Tabular
import Testing

@Suite struct XLSXWriterTests {
    @Test func roundTripsTextExactly() throws {
        let rows = [
            ["编号", "名称", "备注"],
            ["007", "益阳市纪委监委 赫山区", "  padded  "],
            ["1e5", "<tag> & \"quotes\" 'single'", "line\nbreak\r\ncrlf\ttab"],
            ["3.0", "_x0041_ stays literal", ""],
            ["TRUE", "", "last"],
        ]
        var writer = try XLSXWriter(sheetName: "数据")
        for row in rows { writer.write(row) }
        let reader = try XLSXReader(data: try writer.data)
        #expect(reader.sheetNames == ["数据"])
        #expect(try records(reader) == rows.enumerated().map { NumberedRecord($1, line: $0 + 1) })
    }

    @Test func stripsCharactersXMLCannotHold() throws {
        var writer = try XLSXWriter()
        writer.write(["a\u{0}b\u{1}c\u{FFFE}d\u{FFFF}e\u{1F600}"])
        #expect(try records(XLSXReader(data: try writer.data)).first?.fields == ["abcde\u{1F600}"])
    }

    @Test func escapesTheSheetName() throws {
        var writer = try XLSXWriter(sheetName: "R&D <\"2024\">")
        writer.write(["x"])
        #expect(
            try XLSXReader(data: try writer.data, sheet: "R&D <\"2024\">").sheetName == "R&D <\"2024\">")
    }

    @Test(arguments: ["", "a/b", "[x]", "'quoted'", String(repeating: "x", count: 32)])
    func rejectsSheetNamesExcelRejects(name: String) {
        #expect(
            tabularError { _ = try XLSXWriter(sheetName: name) }?.reason.contains(
                "is not a valid sheet name") == true)
    }

    @Test func emptyWorkbookHasNoRecords() throws {
        #expect(try records(XLSXReader(data: try XLSXWriter().data)).isEmpty)
    }
}
