import DuchaReports
import Foundation
import LuaKit

/// The report document a script built, read from its Lua form and rendered.
public enum ReportOutput {
    /// The document in the array of blocks the `ducha.report` module builds.
    public static func document(from value: LuaValue) -> ReportDocument {
        var document = ReportDocument()
        for block in value.tableValue?.sequence ?? [] {
            guard let block = block.tableValue else { continue }
            let text = block["text"].stringValue ?? ""
            switch block["type"].stringValue {
            case "title": document.append(.title(text))
            case "section": document.append(.section(text))
            case "text": document.append(.text(text))
            case "table": document.append(.table(table(block)))
            case "bar_chart":
                document.append(
                    .barChart(
                        BarChart(
                            title: block["title"].stringValue,
                            labels: block["labels"].tableValue?.sequence.map { $0.stringValue ?? "" } ?? [],
                            values: block["values"].tableValue?.sequence.map { $0.numberValue ?? 0 } ?? [],
                            unit: block["unit"].stringValue)))
            default: continue
            }
        }
        return document
    }

    /// The document as the array of blocks the `ducha.report` module builds: what an
    /// output format written in Lua receives.
    public static func luaValue(of document: ReportDocument) -> LuaValue {
        .table(
            LuaTable(
                sequence: document.blocks.map { block -> LuaValue in
                    switch block {
                    case .title(let text): ["type": "title", "text": LuaValue(text)]
                    case .section(let text): ["type": "section", "text": LuaValue(text)]
                    case .text(let text): ["type": "text", "text": LuaValue(text)]
                    case .table(let table):
                        [
                            "type": "table", "title": table.title.map { LuaValue($0) } ?? .nil,
                            "headers": .table(LuaTable(sequence: table.headers.map { LuaValue($0) })),
                            "width": .integer(Int64(table.headers.count)),
                            "rows": .table(
                                LuaTable(
                                    sequence: table.rows.map { row in
                                        .table(LuaTable(sequence: row.map(luaValue)))
                                    })),
                        ]
                    case .barChart(let chart):
                        [
                            "type": "bar_chart", "title": chart.title.map { LuaValue($0) } ?? .nil,
                            "labels": .table(LuaTable(sequence: chart.labels.map { LuaValue($0) })),
                            "values": .table(LuaTable(sequence: chart.values.map { LuaValue.number($0) })),
                            "unit": chart.unit.map { LuaValue($0) } ?? .nil,
                        ]
                    }
                }))
    }

    private static func luaValue(_ value: ReportValue) -> LuaValue {
        switch value {
        case .null: .nil
        case .text(let text): LuaValue(text)
        case .integer(let integer): .integer(integer)
        case .number(let number): .number(number)
        case .boolean(let flag): .boolean(flag)
        }
    }

    private static func table(_ block: LuaTable) -> ReportTable {
        let width = Int(block["width"].integerValue ?? 0)
        let headers = (block["headers"].tableValue?.sequence ?? []).map { $0.stringValue ?? cellText($0) }
        let rows = (block["rows"].tableValue?.sequence ?? []).map { row -> [ReportValue] in
            let cells = row.tableValue ?? LuaTable()
            return (0..<width).map { cell(cells[.integer(Int64($0 + 1))]) }
        }
        return ReportTable(headers: headers, rows: rows, title: block["title"].stringValue)
    }

    private static func cell(_ value: LuaValue) -> ReportValue {
        switch value {
        case .nil: .null
        case .boolean(let flag): .boolean(flag)
        case .integer(let integer): .integer(integer)
        case .number(let number): .number(number)
        case .string(let string): .text(string.text)
        case .table(let list): .text(list.sequence.map { $0.stringValue ?? cellText($0) }.joined(separator: "、"))
        default: .text(cellText(value))
        }
    }

    private static func cellText(_ value: LuaValue) -> String { value == .nil ? "" : "(\(value.typeName))" }

    /// The document rendered in `format`; on a terminal (`terminal` set) the table
    /// format fits its width and uses colour unless `NO_COLOR` is set. CSV neutralises
    /// text that starts like a spreadsheet formula unless `rawCSV` is set.
    public static func render(
        _ document: ReportDocument, format: ReportFormat, terminal: Bool = false, byteOrderMark: Bool = false,
        rawCSV: Bool = false
    )
        -> String
    {
        var options = RenderOptions(csvByteOrderMark: byteOrderMark, csvRawValues: rawCSV)
        if terminal {
            options.terminalWidth = terminalWidth()
            options.color = ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
        return renderer(for: format, options: options).render(document)
    }

    /// Writes the document to `path` in `format` (or the format the file's extension names).
    public static func save(_ document: ReportDocument, to path: String, format: ReportFormat?) throws {
        let chosen = format ?? ReportFormat(fileName: path)
        try Data(render(document, format: chosen).utf8).write(to: URL(fileURLWithPath: path))
    }

    /// The terminal's width: asked of standard output, else `COLUMNS` (which a confined
    /// worker, writing to a pipe, is given by the parent that has the terminal).
    static func terminalWidth() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else {
            return ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        }
        return Int(size.ws_col)
    }
}

extension ReportFormat {
    /// The format a file's extension names; Markdown for any other.
    public init(fileName: String) {
        self = Self.allCases.first { fileName.lowercased().hasSuffix("." + $0.fileExtension) } ?? .markdown
    }
}
