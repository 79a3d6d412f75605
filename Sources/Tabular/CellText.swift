/// Rules for turning stored cell text into the text a person sees in Excel.
enum CellText {
    /// Drops an all-zero fraction (`3.0` becomes `3`) and leaves every other number as written.
    static func normalizedNumber(_ text: String) -> String {
        guard let dot = text.firstIndex(of: "."),
            !text.contains(where: { $0 == "e" || $0 == "E" })
        else { return text }
        let fraction = text[text.index(after: dot)...]
        return fraction.allSatisfy({ $0 == "0" }) ? String(text[..<dot]) : text
    }

    /// Replaces Excel's `_xHHHH_` escapes, which it uses for characters XML
    /// cannot carry (and for a carriage return), with the characters themselves.
    static func decodingExcelEscapes(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var decoded = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if let escaped = escapedScalar(in: scalars, at: index) {
                decoded.append(escaped)
                index += escapeLength
            } else {
                decoded.append(scalars[index])
                index += 1
            }
        }
        return String(decoded)
    }

    /// The length of an escape such as `_x000D_`.
    static let escapeLength = 7

    /// Whether `bytes` holds an `_xHHHH_` escape starting at `index`.
    static func isExcelEscape<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes, at index: Bytes.Index
    ) -> Bool {
        guard bytes.distance(from: index, to: bytes.endIndex) >= escapeLength else { return false }
        let escape = bytes[index..<bytes.index(index, offsetBy: escapeLength)].map {
            Unicode.Scalar($0)
        }
        return parseEscape(escape[...]) != nil
    }

    private static func escapedScalar(in scalars: [Unicode.Scalar], at index: Int) -> Unicode.Scalar? {
        guard scalars.count - index >= escapeLength else { return nil }
        return parseEscape(scalars[index..<index + escapeLength]).flatMap(Unicode.Scalar.init)
    }

    /// The code unit of an `_xHHHH_` escape, given exactly its seven scalars.
    private static func parseEscape(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt32? {
        let start = scalars.startIndex
        guard scalars[start] == "_", scalars[start + 1] == "x", scalars[start + 6] == "_" else {
            return nil
        }
        var value: UInt32 = 0
        for scalar in scalars[(start + 2)..<(start + 6)] {
            guard scalar.isASCII, let digit = Character(scalar).hexDigitValue else { return nil }
            value = value * 16 + UInt32(digit)
        }
        return value
    }
}
