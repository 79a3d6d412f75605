import Foundation
import Testing

@testable import Tabular

@Suite struct CSVReaderTests {
    @Test func parsesPlainRecordsWithLineNumbers() throws {
        #expect(
            try records("id,name\n1,Alice\n2,Bob\n") == [
                NumberedRecord(["id", "name"], line: 1),
                NumberedRecord(["1", "Alice"], line: 2),
                NumberedRecord(["2", "Bob"], line: 3),
            ])
    }

    @Test func stripsByteOrderMarkAndAcceptsCRLF() throws {
        #expect(
            try records("\u{FEFF}a,b\r\n1,2\r\n") == [
                NumberedRecord(["a", "b"], line: 1),
                NumberedRecord(["1", "2"], line: 2),
            ])
    }

    @Test func quotedFieldsKeepCommasQuotesAndNewlines() throws {
        let csv =
            "name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\n\"multi\nline\",\"\"\nlast,\"x\r\ny\"\n"
        #expect(
            try records(csv) == [
                NumberedRecord(["name", "note"], line: 1),
                NumberedRecord(["Smith, J", "said \"hi\""], line: 2),
                NumberedRecord(["multi\nline", ""], line: 3),
                NumberedRecord(["last", "x\r\ny"], line: 5),
            ])
    }

    @Test func keepsEmptyFieldsAndSkipsEmptyLines() throws {
        #expect(
            try records("a,,c,\n\n\r\n,\nlast") == [
                NumberedRecord(["a", "", "c", ""], line: 1),
                NumberedRecord(["", ""], line: 4),
                NumberedRecord(["last"], line: 5),
            ])
    }

    @Test func readsChineseText() throws {
        #expect(try records("城市,区\n益阳市纪委监委,赫山区\n")[1].fields == ["益阳市纪委监委", "赫山区"])
    }

    @Test func emptyFileIsAnError() {
        #expect(tabularError { _ = try records("") } == TabularError(reason: "the file is empty"))
        #expect(
            tabularError { _ = try records("\u{FEFF}") } == TabularError(reason: "the file is empty"))
    }

    @Test func unterminatedQuoteNamesTheLineWhereItStarted() {
        let error = tabularError { _ = try records("a,b\n1,\"open\n2,3\n4,5\n") }
        #expect(error?.line == 2)
        #expect(error?.column == 2)
        #expect(error?.reason == "the quoted field that starts on this line has no closing quote")
    }

    @Test func quoteInsideUnquotedFieldIsAnError() {
        let error = tabularError { _ = try records("a,b\n1,2\n3,4 \"inch\"\n") }
        #expect(error?.line == 3)
        #expect(error?.column == 2)
        #expect(error?.reason.contains("a quote appears inside an unquoted field") == true)
    }

    @Test func textAfterClosingQuoteIsAnError() {
        let error = tabularError { _ = try records("\"a\"b,c\n") }
        #expect(
            error
                == TabularError(
                    line: 1, column: 1, reason: "unexpected text after the closing quote of a quoted field"))
    }

    @Test func gb18030FileReadsAsChineseWithGB18030Encoding() throws {
        let gb18030 = try gb18030Data("名称,地区\n益阳市纪委监委,赫山区\n")
        #expect(
            try records(CSVReader(data: gb18030, encoding: .gb18030)) == [
                NumberedRecord(["名称", "地区"], line: 1),
                NumberedRecord(["益阳市纪委监委", "赫山区"], line: 2),
            ])
    }

    @Test func gb18030FileReadAsUTF8NamesTheLineAndSuggestsTheEncoding() throws {
        let gb18030 = try gb18030Data("id,name\n1,ok\n2,\"multi\nline 益阳\"\n")
        let error = tabularError { _ = try records(CSVReader(data: gb18030, encoding: .utf8)) }
        #expect(error?.line == 4)
        #expect(error?.column == 2)
        #expect(error?.reason.contains("--encoding gb18030") == true)
    }

    @Test func recordsBeforeAnErrorAreDelivered() {
        var seen: [String] = []
        let error = tabularError {
            try CSVReader(data: Data("a\nb\nc\"\n".utf8)).forEachRecord { fields, _ in seen += fields }
        }
        #expect(seen == ["a", "b"])
        #expect(error?.line == 3)
    }

    @Test func errorsFromTheBodyPropagate() {
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try CSVReader(data: Data("a\nb\n".utf8)).forEachRecord { _, _ in throw Stop() }
        }
    }

    private func gb18030Data(_ text: String) throws -> Data {
        try TextEncoding.gb18030.encodeFromUTF8(Data(text.utf8))
    }
}
