/// A horizontal bar chart drawn with block characters, fitted to a maximum width.
///
/// Each line holds the label, padded to the widest label, then the bar, then the value
/// with its unit. Bars are drawn in eighths of a column.
struct TerminalBarChart {
    let chart: BarChart
    let maximumWidth: Int?
    let style: TerminalStyle

    /// The length of the longest bar when no terminal width is given.
    private static let naturalBarWidth = 40
    /// The shortest the longest bar is made, however narrow the terminal.
    private static let minimumBarWidth = 10
    /// The partial blocks for one to seven eighths of a column.
    private static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The lines of the chart, preceded by its title if it has one.
    var lines: [String] {
        let title = chart.title.map { [style.bold(terminalSafe($0))] } ?? []
        guard !chart.bars.isEmpty else { return title + [Notice.noData] }
        let labelWidth = labelColumnWidth
        let barWidth = longestBarWidth(labelColumnWidth: labelWidth)
        return title
            + chart.bars.map { bar in
                line(label: bar.label, value: bar.value, labelWidth: labelWidth, barWidth: barWidth)
            }
    }

    private func line(label: String, value: Double, labelWidth: Int, barWidth: Int) -> String {
        let label = padded(
            truncated(terminalSafe(label), toDisplayWidth: labelWidth), toDisplayWidth: labelWidth)
        let bar = Self.bar(filling: chart.fillFraction(of: value), of: barWidth)
        return [label, bar, valueText(value)].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The width of the label column: the widest label, limited to a third of the terminal.
    private var labelColumnWidth: Int {
        let widest = chart.bars.map { displayWidth(of: terminalSafe($0.label)) }.max() ?? 0
        guard let maximumWidth else { return widest }
        return min(widest, max(maximumWidth / 3, 1))
    }

    /// The length of the longest bar: what the terminal leaves after labels and values.
    private func longestBarWidth(labelColumnWidth: Int) -> Int {
        guard let maximumWidth else { return Self.naturalBarWidth }
        let valueWidth = chart.bars.map { displayWidth(of: valueText($0.value)) }.max() ?? 0
        let separators = 2
        return max(maximumWidth - labelColumnWidth - valueWidth - separators, Self.minimumBarWidth)
    }

    private func valueText(_ value: Double) -> String {
        NumberText.readable(value) + terminalSafe(chart.unit ?? "")
    }

    /// A bar `fraction` of `width` columns long, rounded to the nearest eighth of a column.
    static func bar(filling fraction: Double, of width: Int) -> String {
        let totalEighths = Int((fraction * Double(width * 8)).rounded())
        let fullBlocks = String(repeating: "█", count: totalEighths / 8)
        let remainder = totalEighths % 8
        return remainder == 0 ? fullBlocks : fullBlocks + String(eighths[remainder - 1])
    }
}
