/// A table drawn with box-drawing characters, fitted to a maximum width.
struct TerminalTable {
    private let table: ReportTable
    private let rows: [[ReportValue]]
    private let maximumWidth: Int?
    private let style: TerminalStyle

    init(table: ReportTable, maximumWidth: Int?, style: TerminalStyle) {
        self.table = table
        self.rows = table.rectangularRows
        self.maximumWidth = maximumWidth
        self.style = style
    }

    /// The narrowest a column is shrunk to when fitting: one character and the `…`.
    private static let minimumColumnWidth = 3

    /// The lines of the drawn table, preceded by its caption if it has one.
    var lines: [String] {
        caption + body
    }

    private var caption: [String] {
        table.title.map { [style.bold(terminalSafe($0))] } ?? []
    }

    private var body: [String] {
        guard table.columnCount > 0 else { return [Notice.noRows] }
        let widths = columnWidths
        let header = [border(.top, widths), line(headerCells(widths))]
        guard !rows.isEmpty else {
            return header + [border(.bottom, widths), Notice.noRows]
        }
        return header + [border(.middle, widths)] + rows.map { line(cells($0, widths)) }
            + [border(.bottom, widths)]
    }

    // MARK: Column widths

    private var columnWidths: [Int] {
        let natural = naturalColumnWidths
        guard let maximumWidth else { return natural }
        let available = maximumWidth - frameWidth(columnCount: natural.count)
        return ColumnFitting.widths(
            natural, fittingIn: available, minimum: Self.minimumColumnWidth)
    }

    private var naturalColumnWidths: [Int] {
        (0..<table.columnCount).map { column in
            let headerWidth = displayWidth(of: headerText(column))
            return rows.reduce(headerWidth) { widest, row in
                max(widest, displayWidth(of: cellText(row[column])))
            }
        }
    }

    /// The columns taken by borders and padding: `│ ` before each column and ` │` at the end.
    private func frameWidth(columnCount: Int) -> Int {
        3 * columnCount + 1
    }

    // MARK: Cells

    private func headerText(_ column: Int) -> String {
        terminalSafe(table.header(at: column))
    }

    private func cellText(_ value: ReportValue) -> String {
        terminalSafe(value.readableText)
    }

    private func headerCells(_ widths: [Int]) -> [String] {
        widths.indices.map { column in
            let text = fitted(
                headerText(column), width: widths[column],
                alignRight: table.isNumericColumn(column))
            return style.bold(text)
        }
    }

    private func cells(_ row: [ReportValue], _ widths: [Int]) -> [String] {
        zip(row, widths).map { value, width in
            fitted(cellText(value), width: width, alignRight: value.isNumeric)
        }
    }

    private func fitted(_ text: String, width: Int, alignRight: Bool) -> String {
        padded(truncated(text, toDisplayWidth: width), toDisplayWidth: width, alignRight: alignRight)
    }

    // MARK: Lines

    private func line(_ cells: [String]) -> String {
        let separator = style.dim("│")
        return separator + cells.map { " \($0) " }.joined(separator: separator) + separator
    }

    private enum BorderPosition {
        case top, middle, bottom

        var corners: (left: String, junction: String, right: String) {
            switch self {
            case .top: ("┌", "┬", "┐")
            case .middle: ("├", "┼", "┤")
            case .bottom: ("└", "┴", "┘")
            }
        }
    }

    private func border(_ position: BorderPosition, _ widths: [Int]) -> String {
        let corners = position.corners
        let segments = widths.map { String(repeating: "─", count: $0 + 2) }
        return style.dim(
            corners.left + segments.joined(separator: corners.junction) + corners.right)
    }
}

/// Shrinks column widths so that their sum fits an available width.
enum ColumnFitting {
    /// The widths of columns fitted into `available` columns.
    ///
    /// The widest columns are shrunk first, down to a common width, so narrow columns keep
    /// their natural width. No column is shrunk below `minimum` (or its natural width, if
    /// that is less); when even that does not fit, those floor widths are returned.
    static func widths(_ natural: [Int], fittingIn available: Int, minimum: Int) -> [Int] {
        guard natural.reduce(0, +) > available else { return natural }
        let floors = natural.map { min($0, minimum) }
        guard floors.reduce(0, +) < available else { return floors }
        let cap = largestCap(natural, floors: floors, fittingIn: available)
        var widths = capped(natural, floors: floors, at: cap)
        var spare = available - widths.reduce(0, +)
        for column in widths.indices where spare > 0 && natural[column] > widths[column] {
            widths[column] += 1
            spare -= 1
        }
        return widths
    }

    /// The largest width that, imposed on every column, makes the columns fit.
    private static func largestCap(_ natural: [Int], floors: [Int], fittingIn available: Int)
        -> Int
    {
        var cap = min(natural.max() ?? 0, available)
        while capped(natural, floors: floors, at: cap).reduce(0, +) > available {
            cap -= 1
        }
        return cap
    }

    private static func capped(_ natural: [Int], floors: [Int], at cap: Int) -> [Int] {
        zip(natural, floors).map { width, floor in max(floor, min(width, cap)) }
    }
}
