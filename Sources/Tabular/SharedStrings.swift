/// Collects the text of rich-text runs, leaving out phonetic guides.
///
/// Both shared strings (`<si>`) and inline strings (`<is>`) hold either one
/// `<t>` or several `<r><t>` runs, plus optional `<rPh>` phonetic readings
/// (furigana) that Excel does not display and so must not become cell text.
struct RichTextAccumulator {
    private(set) var text = ""
    private var isInTextElement = false
    private var phoneticDepth = 0

    mutating func reset() {
        text = ""
        isInTextElement = false
        phoneticDepth = 0
    }

    mutating func didStart(_ element: Substring) {
        switch element {
        case "t": isInTextElement = phoneticDepth == 0
        case "rPh": phoneticDepth += 1
        default: break
        }
    }

    mutating func didEnd(_ element: Substring) {
        switch element {
        case "t": isInTextElement = false
        case "rPh": phoneticDepth -= 1
        default: break
        }
    }

    mutating func append(_ characters: String) {
        if isInTextElement { text += characters }
    }

    /// The accumulated text with Excel's `_xHHHH_` escapes decoded.
    var cellText: String { CellText.decodingExcelEscapes(text) }
}

/// Reads the shared string table, `xl/sharedStrings.xml`.
final class SharedStringsHandler: XMLPartHandler {
    private(set) var strings: [String] = []
    private var current = RichTextAccumulator()

    func didStartElement(_ element: Substring, attributes: [String: String]) {
        if element == "si" { current.reset() }
        current.didStart(element)
    }

    func didEndElement(_ element: Substring) {
        current.didEnd(element)
        if element == "si" { strings.append(current.cellText) }
    }

    func foundCharacters(_ string: String) {
        current.append(string)
    }
}
