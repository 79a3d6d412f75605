import Foundation
import Testing

@testable import Tabular

@Suite struct TextEncodingTests {
    @Test func gb18030RoundTripsChineseText() throws {
        let text = "益阳市纪委监委 赫山区, ASCII too"
        let gb18030 = try TextEncoding.gb18030.encodeFromUTF8(Data(text.utf8))
        #expect(gb18030.count < text.utf8.count)
        #expect(Array(gb18030.prefix(2)) == [0xD2, 0xE6])
        let decoded = try TextEncoding.gb18030.decodeToUTF8(gb18030)
        #expect(String(decoding: decoded, as: UTF8.self) == text)
    }

    @Test func gb18030EncodesCharactersOutsideGBK() throws {
        let text = "emoji 😀 and é"
        let gb18030 = try TextEncoding.gb18030.encodeFromUTF8(Data(text.utf8))
        #expect(String(decoding: try TextEncoding.gb18030.decodeToUTF8(gb18030), as: UTF8.self) == text)
    }

    @Test func invalidGB18030NamesTheLine() {
        let bytes = Data("a,b\nc,d\n".utf8) + Data([0x81, 0x20])
        let error = tabularError { _ = try TextEncoding.gb18030.decodeToUTF8(bytes) }
        #expect(error == TabularError(line: 3, reason: "the file is not valid GB18030 text"))
    }

    @Test func emptyInputConvertsToEmptyOutput() throws {
        #expect(try TextEncoding.gb18030.decodeToUTF8(Data()).isEmpty)
    }
}
