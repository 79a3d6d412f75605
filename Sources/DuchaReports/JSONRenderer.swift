/// Renders a document as pretty-printed JSON with typed cell values.
///
/// ```json
/// {
///   "blocks": [
///     { "type": "title", "text": "…" },
///     { "type": "table", "title": null, "headers": ["…"], "rows": [["…", 12, 0.5, true, null]] },
///     { "type": "bar_chart", "title": "…", "labels": ["…"], "values": [12.0], "unit": "件" }
///   ]
/// }
/// ```
///
/// Block types are `title`, `section`, `text` (each with `text`), `table` and `bar_chart`.
/// Keys are sorted, indentation is two spaces, and text is written as UTF-8 without `\u`
/// escapes or escaped slashes. Integers are written without a decimal point and floating
/// numbers in their shortest round-trip form; NaN and infinities, which JSON cannot hold,
/// are written as `null`.
public struct JSONRenderer: ReportRenderer {
    /// Creates a JSON renderer.
    public init() {}

    /// Renders the whole document, ending with a newline.
    public func render(_ document: ReportDocument) -> String {
        JSONValue.object(["blocks": .array(document.blocks.map(json(for:)))]).prettyPrinted() + "\n"
    }

    private func json(for block: ReportBlock) -> JSONValue {
        switch block {
        case .title(let text):
            .object(["type": "title", "text": .string(text)])
        case .section(let text):
            .object(["type": "section", "text": .string(text)])
        case .text(let text):
            .object(["type": "text", "text": .string(text)])
        case .table(let table):
            .object([
                "type": "table",
                "title": JSONValue(table.title),
                "headers": .array((0..<table.columnCount).map { .string(table.header(at: $0)) }),
                "rows": .array(table.rectangularRows.map { .array($0.map(JSONValue.init)) }),
            ])
        case .barChart(let chart):
            .object([
                "type": "bar_chart",
                "title": JSONValue(chart.title),
                "labels": .array(chart.labels.map(JSONValue.string)),
                "values": .array(chart.values.map(JSONValue.float)),
                "unit": JSONValue(chart.unit),
            ])
        }
    }
}

extension JSONValue {
    init(_ text: String?) {
        self = text.map(JSONValue.string) ?? .null
    }

    init(_ value: ReportValue) {
        switch value {
        case .null: self = .null
        case .text(let text): self = .string(text)
        case .integer(let integer): self = .integer(integer)
        case .number(let number): self = .float(number)
        case .boolean(let boolean): self = .boolean(boolean)
        }
    }
}
