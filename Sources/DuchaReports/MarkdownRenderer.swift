/// Renders a document as GitHub-flavoured Markdown.
///
/// The title becomes a `#` heading, sections `##` headings, text paragraphs, and tables
/// pipe tables whose number columns are right-aligned. Bar charts, which Markdown cannot
/// draw, become a table of labels and values.
public struct MarkdownRenderer: ReportRenderer {
    /// The header of the label column of a bar chart's table.
    public static let chartLabelHeader = "项目"
    /// The header of the value column of a bar chart's table; a unit is appended in brackets.
    public static let chartValueHeader = "数值"

    /// Creates a Markdown renderer.
    public init() {}

    /// Renders the blocks separated by blank lines, ending with a newline.
    public func render(_ document: ReportDocument) -> String {
        let blocks = document.blocks.map(markdown(for:))
        return blocks.isEmpty ? "" : blocks.joined(separator: "\n\n") + "\n"
    }

    private func markdown(for block: ReportBlock) -> String {
        switch block {
        case .title(let title):
            "# " + singleLine(title)
        case .section(let section):
            "## " + singleLine(section)
        case .text(let text):
            text
        case .table(let table):
            pipeTable(table)
        case .barChart(let chart):
            pipeTable(Self.table(for: chart))
        }
    }

    /// A bar chart as a two-column table, with the unit in the value header.
    static func table(for chart: BarChart) -> ReportTable {
        let valueHeader = chart.unit.map { "\(chartValueHeader)（\($0)）" } ?? chartValueHeader
        return ReportTable(
            headers: [chartLabelHeader, valueHeader],
            rows: chart.bars.map { [.text($0.label), .number($0.value)] },
            title: chart.title)
    }

    private func pipeTable(_ table: ReportTable) -> String {
        let columns = 0..<max(table.columnCount, 1)
        let header = row(columns.map { escapedCell(table.header(at: $0)) })
        let delimiter = row(columns.map { table.isNumericColumn($0) ? "---:" : "---" })
        let body = table.rectangularRows.map { cells in
            row(cells.map { escapedCell($0.readableText) })
        }
        let caption = table.title.map { ["**\(singleLine($0))**", ""] } ?? []
        return (caption + [header, delimiter] + body).joined(separator: "\n")
    }

    private func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    /// Cell text with `|` escaped and line breaks as `<br>`, so it stays in one cell.
    private func escapedCell(_ text: String) -> String {
        lineBreaks(in: text, replacedWith: "<br>").replacingAll("|", with: "\\|")
    }

    private func singleLine(_ text: String) -> String {
        lineBreaks(in: text, replacedWith: " ")
    }
}

/// `text` with each line break (CR LF, CR, LF or another Unicode newline) replaced.
func lineBreaks(in text: String, replacedWith replacement: String) -> String {
    text.reduce(into: "") { result, character in
        if character.isNewline {
            result += replacement
        } else {
            result.append(character)
        }
    }
}

extension String {
    /// The string with every occurrence of a character replaced by some text.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        reduce(into: "") { result, character in
            if character == target {
                result += replacement
            } else {
                result.append(character)
            }
        }
    }
}
