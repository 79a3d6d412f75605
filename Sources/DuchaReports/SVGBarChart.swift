/// A bar chart as an HTML `<figure>` holding an inline SVG drawing.
///
/// The drawing is sized by its `viewBox` and scales with the page; text is styled by the
/// page's stylesheet, so no font is fetched. Label widths are estimated from display width,
/// so Chinese labels get twice the room of Latin ones.
struct SVGBarChart {
    let chart: BarChart

    private static let width = 640.0
    private static let rowHeight = 28.0
    private static let barHeight = 18.0
    private static let verticalMargin = 8.0
    private static let textGap = 8.0
    /// The estimated width of one display column of 13-pixel text.
    private static let columnWidth = 7.0
    /// Longer labels are truncated with `…` to this many display columns.
    private static let maximumLabelColumns = 24

    var html: String {
        let caption = chart.title.map { ["<figcaption>\(htmlEscaped($0))</figcaption>"] } ?? []
        let drawing = chart.bars.isEmpty ? [noDataParagraph] : [svg]
        return (["<figure class=\"chart\">"] + caption + drawing + ["</figure>"])
            .joined(separator: "\n")
    }

    private var noDataParagraph: String {
        "<p>\(htmlEscaped(Notice.noData))</p>"
    }

    private var svg: String {
        let height = Double(chart.bars.count) * Self.rowHeight + 2 * Self.verticalMargin
        let label = htmlEscaped(chart.title ?? "")
        let opening =
            "<svg viewBox=\"0 0 \(coordinate(Self.width)) \(coordinate(height))\""
            + " role=\"img\" aria-label=\"\(label)\">"
        let rows = chart.bars.enumerated().flatMap { index, bar in
            row(index: index, label: bar.label, value: bar.value)
        }
        return ([opening] + rows + ["</svg>"]).joined(separator: "\n")
    }

    private func row(index: Int, label: String, value: Double) -> [String] {
        let top = Self.verticalMargin + Double(index) * Self.rowHeight
        let middle = top + Self.rowHeight / 2
        let barLength = chart.fillFraction(of: value) * maximumBarLength
        let labelText = truncated(label, toDisplayWidth: Self.maximumLabelColumns)
        return [
            text(labelText, x: labelAreaWidth - Self.textGap, y: middle, anchor: "end"),
            "<rect class=\"bar\" x=\"\(coordinate(labelAreaWidth))\""
                + " y=\"\(coordinate(middle - Self.barHeight / 2))\""
                + " width=\"\(coordinate(barLength))\" height=\"\(coordinate(Self.barHeight))\"/>",
            text(
                valueText(value), x: labelAreaWidth + barLength + Self.textGap, y: middle,
                anchor: "start"),
        ]
    }

    private func text(_ content: String, x: Double, y: Double, anchor: String) -> String {
        "<text x=\"\(coordinate(x))\" y=\"\(coordinate(y))\" text-anchor=\"\(anchor)\""
            + " dominant-baseline=\"middle\">\(htmlEscaped(content))</text>"
    }

    private func valueText(_ value: Double) -> String {
        NumberText.readable(value) + (chart.unit ?? "")
    }

    private var labelAreaWidth: Double {
        let widest = chart.bars.map { displayWidth(of: $0.label) }.max() ?? 0
        return Double(min(widest, Self.maximumLabelColumns)) * Self.columnWidth + 2 * Self.textGap
    }

    private var valueAreaWidth: Double {
        let widest = chart.bars.map { displayWidth(of: valueText($0.value)) }.max() ?? 0
        return Double(widest) * Self.columnWidth + 2 * Self.textGap
    }

    private var maximumBarLength: Double {
        Self.width - labelAreaWidth - valueAreaWidth
    }

    private func coordinate(_ value: Double) -> String {
        NumberText.readable(value)
    }
}
