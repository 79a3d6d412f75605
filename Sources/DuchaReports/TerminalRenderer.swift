/// Renders a document as plain text for a terminal.
///
/// Titles are underlined with `═` and sections with `─`, paragraphs are printed as written,
/// tables are drawn with box-drawing borders and bar charts with block characters. Columns
/// are aligned by display width, so Chinese text lines up. When a terminal width is given,
/// tables and charts are fitted to it, truncating cell text with `…`.
///
/// Control characters in the document, such as escape sequences in imported data, are
/// shown as `�` so they cannot restyle or move the cursor; line breaks inside table cells,
/// headings and labels become spaces.
public struct TerminalRenderer: ReportRenderer {
    /// The terminal width in columns to fit tables and charts to, or `nil` for natural width.
    public var terminalWidth: Int?
    /// Whether to use ANSI bold for headings and table headers and dim for table borders.
    public var color: Bool

    /// Creates a terminal renderer.
    public init(terminalWidth: Int? = nil, color: Bool = false) {
        self.terminalWidth = terminalWidth
        self.color = color
    }

    /// Renders the blocks separated by blank lines, ending with a newline.
    public func render(_ document: ReportDocument) -> String {
        let blocks = document.blocks.map { lines(for: $0).joined(separator: "\n") }
        return blocks.isEmpty ? "" : blocks.joined(separator: "\n\n") + "\n"
    }

    private var style: TerminalStyle { TerminalStyle(color: color) }

    private func lines(for block: ReportBlock) -> [String] {
        switch block {
        case .title(let title):
            heading(title, underlinedWith: "═")
        case .section(let section):
            heading(section, underlinedWith: "─")
        case .text(let text):
            [terminalSafe(text, keepingLineBreaks: true)]
        case .table(let table):
            TerminalTable(table: table, maximumWidth: terminalWidth, style: style).lines
        case .barChart(let chart):
            TerminalBarChart(chart: chart, maximumWidth: terminalWidth, style: style).lines
        }
    }

    private func heading(_ text: String, underlinedWith rule: Character) -> [String] {
        let heading = terminalSafe(text)
        let ruleWidth = min(displayWidth(of: heading), terminalWidth ?? .max)
        return [style.bold(heading), String(repeating: rule, count: ruleWidth)]
    }
}

/// ANSI styling that is applied only when colour is enabled.
struct TerminalStyle {
    let color: Bool

    func bold(_ text: String) -> String {
        styled(text, code: "1")
    }

    func dim(_ text: String) -> String {
        styled(text, code: "2")
    }

    private func styled(_ text: String, code: String) -> String {
        guard color, !text.isEmpty else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}

/// `text` made safe to print: control characters become `�`, and line breaks and tabs
/// become spaces unless `keepingLineBreaks` is set, in which case line breaks become `\n`
/// and tabs are kept.
func terminalSafe(_ text: String, keepingLineBreaks: Bool = false) -> String {
    String(
        text.map { character -> Character in
            if character.isNewline {
                return keepingLineBreaks ? "\n" : " "
            }
            if character == "\t" {
                return keepingLineBreaks ? "\t" : " "
            }
            return isControl(character) ? "\u{FFFD}" : character
        })
}

private func isControl(_ character: Character) -> Bool {
    character.unicodeScalars.contains { $0.properties.generalCategory == .control }
}
