/// Everything outside the sheet part that is needed to show a cell's value.
struct CellContext {
    let sharedStrings: [String]
    let styles: CellStyles
    let dateSystem: ExcelDateSystem
}

/// Streams the rows of a worksheet part, turning each `<row>` into a record.
///
/// Rows without any cell value (rows that only carry formatting) produce no
/// record; cells missing within a row become empty strings.
final class WorksheetHandler: XMLPartHandler {
    private let context: CellContext
    private let emit: (_ fields: [String], _ row: Int) throws -> Void

    private var rowNumber = 0
    private var fields: [String] = []
    private var cell = PendingCell(column: 0)
    private var valueText = ""
    private var isInValue = false
    private var inlineString = RichTextAccumulator()
    private var isInInlineString = false

    /// A cell whose closing tag has not been seen yet.
    private struct PendingCell {
        var column: Int
        var type = "n"
        var styleIndex = 0
        var hasValue = false
    }

    init(context: CellContext, emit: @escaping (_ fields: [String], _ row: Int) throws -> Void) {
        self.context = context
        self.emit = emit
    }

    func didStartElement(_ element: Substring, attributes: [String: String]) throws {
        switch element {
        case "row":
            startRow(attributes)
        case "c":
            try startCell(attributes)
        case "v":
            valueText = ""
            isInValue = true
            cell.hasValue = true
        case "is":
            inlineString.reset()
            isInInlineString = true
            cell.hasValue = true
        default:
            if isInInlineString { inlineString.didStart(element) }
        }
    }

    func didEndElement(_ element: Substring) throws {
        switch element {
        case "row":
            try finishRow()
        case "c":
            try finishCell()
        case "v":
            isInValue = false
        case "is":
            isInInlineString = false
        default:
            if isInInlineString { inlineString.didEnd(element) }
        }
    }

    func foundCharacters(_ string: String) {
        if isInValue {
            valueText += string
        } else if isInInlineString {
            inlineString.append(string)
        }
    }

    private func startRow(_ attributes: [String: String]) {
        rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
        fields.removeAll(keepingCapacity: true)
        cell.column = 0
    }

    private func startCell(_ attributes: [String: String]) throws {
        let column = attributes["r"].map(CellReference.columnIndex(of:)) ?? cell.column + 1
        guard let column else {
            throw TabularError(
                line: rowNumber, reason: "the cell reference \(attributes["r"] ?? "") is not valid")
        }
        cell = PendingCell(
            column: column, type: attributes["t"] ?? "n",
            styleIndex: attributes["s"].flatMap(Int.init) ?? 0)
    }

    private func finishCell() throws {
        guard cell.hasValue else { return }
        let value = try displayedValue()
        if fields.count < cell.column {
            fields.append(contentsOf: repeatElement("", count: cell.column - fields.count))
        }
        fields[cell.column - 1] = value
    }

    private func finishRow() throws {
        guard !fields.isEmpty else { return }
        try emit(fields, rowNumber)
    }

    /// The cell's text as Excel displays it, by cell type.
    private func displayedValue() throws -> String {
        switch cell.type {
        case "s": try sharedString()
        case "inlineStr": inlineString.cellText
        case "b": valueText == "1" ? "TRUE" : "FALSE"
        case "n": numberText()
        default: valueText
        }
    }

    private func sharedString() throws -> String {
        guard let index = Int(valueText), context.sharedStrings.indices.contains(index) else {
            throw TabularError(
                line: rowNumber, column: cell.column,
                reason: "the cell refers to shared string \(valueText), which does not exist")
        }
        return context.sharedStrings[index]
    }

    private func numberText() -> String {
        if context.styles.isDate(styleIndex: cell.styleIndex), let serial = Double(valueText),
            let date = context.dateSystem.isoText(forSerial: serial)
        {
            return date
        }
        return CellText.normalizedNumber(valueText)
    }
}
