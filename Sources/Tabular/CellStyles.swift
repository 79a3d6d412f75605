/// Which cell styles display numbers as dates, from `xl/styles.xml`.
///
/// Excel stores a date as a plain serial number; only the number format of
/// the cell's style says it is one.
struct CellStyles {
    /// Indexed by a cell's `s` attribute.
    private let isDateStyle: [Bool]

    static let none = CellStyles(isDateStyle: [])

    init(isDateStyle: [Bool]) {
        self.isDateStyle = isDateStyle
    }

    func isDate(styleIndex: Int) -> Bool {
        isDateStyle.indices.contains(styleIndex) && isDateStyle[styleIndex]
    }
}

/// Decides whether a number format shows a date.
enum DateFormatDetector {
    /// Built-in formats 14–22 (`m/d/yyyy`, `d-mmm-yy`, …, `m/d/yyyy h:mm`), and the
    /// East Asian built-in formats that show a date, which a Chinese Excel writes without
    /// their codes: 27–31 and 36 (`yyyy"年"m"月"`, `m"月"d"日"`, `yyyy"年"m"月"d"日"`, …)
    /// and 50–54, 57, 58. The East Asian time-only formats (32–35, 55, 56) are not dates.
    private static let builtInDateFormats: Set<Int> = Set(14...22).union(27...31).union([36])
        .union(50...54).union([57, 58])

    static func isDateFormat(id: Int, customFormatCodes: [Int: String]) -> Bool {
        if let code = customFormatCodes[id] { return codeShowsDate(code) }
        return builtInDateFormats.contains(id)
    }

    /// Whether a format code has a year, month or day placeholder outside
    /// quoted literals, `[…]` sections (colours, locales, elapsed time) and
    /// the escapes `\x`, `_x` and `*x`, which all stand for literal text.
    static func codeShowsDate(_ code: String) -> Bool {
        var characters = code.makeIterator()
        while let character = characters.next() {
            switch character {
            case "\"": skip(until: "\"", in: &characters)
            case "[": skip(until: "]", in: &characters)
            case "\\", "_", "*": _ = characters.next()
            case "y", "Y", "m", "M", "d", "D": return true
            default: break
            }
        }
        return false
    }

    private static func skip(until terminator: Character, in characters: inout String.Iterator) {
        while let character = characters.next(), character != terminator {}
    }
}

/// Reads number formats and the cell style table (`cellXfs`) from `xl/styles.xml`.
final class StylesHandler: XMLPartHandler {
    private var customFormatCodes: [Int: String] = [:]
    private var cellFormatIDs: [Int] = []
    private var isInCellXfs = false

    var styles: CellStyles {
        CellStyles(
            isDateStyle: cellFormatIDs.map {
                DateFormatDetector.isDateFormat(id: $0, customFormatCodes: customFormatCodes)
            })
    }

    func didStartElement(_ element: Substring, attributes: [String: String]) {
        switch element {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                customFormatCodes[id] = code
            }
        case "cellXfs":
            isInCellXfs = true
        case "xf" where isInCellXfs:
            cellFormatIDs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default:
            break
        }
    }

    func didEndElement(_ element: Substring) {
        if element == "cellXfs" { isInCellXfs = false }
    }
}
