import Foundation
import Tabular
import Testing

@Suite struct CSVWriterTests {
    @Test func quotesOnlyFieldsThatNeedIt() throws {
        var writer = CSVWriter()
        writer.write(["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", ""])
        #expect(
            try writer.data == Data("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\n".utf8))
    }

    @Test func writesCRLFAndByteOrderMarkWhenAsked() throws {
        var writer = CSVWriter(bom: true, lineEnding: .crlf)
        writer.write(["a", "b"])
        writer.write(["1", "2"])
        #expect(try writer.data == Data([0xEF, 0xBB, 0xBF]) + Data("a,b\r\n1,2\r\n".utf8))
    }

    @Test func writesGB18030() throws {
        var writer = CSVWriter(encoding: .gb18030)
        writer.write(["赫山区"])
        #expect(try writer.data == Data([0xBA, 0xD5, 0xC9, 0xBD, 0xC7, 0xF8, 0x0A]))
    }

    @Test(arguments: [TextEncoding.utf8, .gb18030])
    func roundTripsTrickyFields(encoding: TextEncoding) throws {
        let rows = [
            ["id", "text", "empty", "note"],
            ["007", "comma, inside", "", "quote \" inside"],
            ["2", "line\nbreak", "", "crlf\r\nbreak"],
            ["3", "益阳市纪委监委 赫山区", "  spaces  ", "\"\""],
            ["", "", "", ""],
        ]
        var writer = CSVWriter(encoding: encoding, bom: true)
        for row in rows { writer.write(row) }
        let readBack = try records(CSVReader(data: try writer.data, encoding: encoding))
        #expect(readBack.map(\.fields) == rows)
        #expect(readBack.map(\.line) == [1, 2, 3, 6, 7])
    }
}
