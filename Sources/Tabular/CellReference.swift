/// Conversions between spreadsheet column letters and 1-based column indices.
enum CellReference {
    /// The widest sheet Excel allows (column XFD); larger references are treated as corrupt.
    static let maximumColumn = 16_384

    /// The column of an A1-style reference such as `C7`, or nil if it does not start with letters.
    static func columnIndex(of reference: String) -> Int? {
        var column = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
            default:
                return column == 0 ? nil : column
            }
            if column > maximumColumn { return nil }
        }
        return column == 0 ? nil : column
    }

    /// The letters of a 1-based column index: 1 is `A`, 27 is `AA`.
    static func columnName(_ index: Int) -> String {
        var remaining = index
        var letters: [Character] = []
        while remaining > 0 {
            let digit = (remaining - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(digit))))
            remaining = (remaining - 1) / 26
        }
        return String(letters.reversed())
    }
}
