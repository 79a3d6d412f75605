/// Writes text into XML so that any Swift string survives the trip through
/// an XML parser and Excel unchanged, apart from characters XML 1.0 forbids.
enum XMLEscaping {
    /// Appends the UTF-8 of `text`, escaped for element content or a quoted attribute.
    ///
    /// Carriage returns become `&#13;` because parsers normalise a literal CR
    /// to LF. A literal `_xHHHH_` gets its underscore escaped as `_x005F_`,
    /// because Excel would otherwise decode it as an escaped character.
    static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                index += appendEscaped(bytes, at: index, to: &output)
            }
        }
    }

    /// Appends the escaped form of the character starting at `index`, returning how many bytes it consumed.
    private static func appendEscaped(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, to output: inout [UInt8]
    )
        -> Int
    {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "\r"): output.append(contentsOf: "&#13;".utf8)
        case UInt8(ascii: "\t"), UInt8(ascii: "\n"): output.append(byte)
        case ..<0x20: break
        case UInt8(ascii: "_") where CellText.isExcelEscape(bytes, at: index):
            output.append(contentsOf: "_x005F_".utf8)
        case 0xEF where isNonCharacterFFFEOrFFFF(bytes, at: index):
            return 3
        default: output.append(byte)
        }
        return 1
    }

    /// U+FFFE and U+FFFF, the only characters a Swift string can hold above
    /// U+001F that XML 1.0 forbids, are encoded as EF BF BE and EF BF BF.
    private static func isNonCharacterFFFEOrFFFF(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int)
        -> Bool
    {
        index + 2 < bytes.count && bytes[index + 1] == 0xBF
            && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF)
    }
}
