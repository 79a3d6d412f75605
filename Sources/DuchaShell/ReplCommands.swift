import DuchaModel
import DuchaReports
import DuchaScripting
import Foundation

/// The REPL's meta commands (lines starting with `:`).
struct ReplCommands {
    static let names = ["help", "schema", "load", "run", "format", "time", "as-of", "plugins", "quit"]
    /// The commands that take no argument.
    static let withoutArgument: Set<String> = ["time", "plugins", "quit"]

    static let help = """
        Type Lua statements or expressions; a line is first tried as `return <line>`, and a query
        shows its first rows and its count. A statement that is not finished continues on the
        next line; Ctrl-C abandons it. `local` variables live on between statements.

          :help [queries|reports]   this help, or help on a topic
          :schema [collection]      the collections, or one collection's fields
          :load FILE                run a Lua file in this session
          :run REPORT|FILE.lua      run a report (see `ducha report`), a plugin's, or a Lua file
          :format F                 how reports show: table, markdown, csv, json, html, or a plugin's
          :time                     show how long each statement takes (on/off)
          :as-of DATE               the date reports count as of
          :plugins                  the enabled plugins, and the reports and commands they add
          :NAME [ARG...]            run a command a plugin adds
          :quit                     leave (or Ctrl-D)

        Tab completes names, methods, fields, dotted paths and codes; Ctrl-R searches the
        history; Ctrl-C stops a running statement or drops the line being typed.
        """

    static let topics: [String: String] = [
        "queries": """
        ducha.findings:where{ category = "红码人员脱管" }:count()
        ducha.findings:where("found_on", ">=", "2021-08-10"):select("id", "unit.name")
        ducha.findings:group_by("county.name"):agg{ n = ducha.count() }:order_by("-n")
        ducha.findings:count_by("category")
        See docs/lua-api.md for every method.
        """,
        "reports": """
        local report = require "ducha.report"
        report.title("标题"); report.text("截至%s", ducha.as_of)
        report.table(rows, { columns = { "county.name", "n" }, headers = { "县(区、市)", "数" } })
        :run overview   runs a shipped report; :format markdown changes how reports show.
        """,
    ]

    /// The `:schema` text, as aligned tables: every collection, or one collection's fields
    /// and the collections whose records point to it (paths such as `units.findings`).
    static func schema(_ name: String?, taxonomy: Taxonomy, terminal: Bool) -> String {
        let schema = taxonomy.schema
        guard let name, !name.isEmpty else {
            let rows = schema.collections.map { [ReportValue.text($0.name), .text($0.label.chinese)] }
            return render(ReportTable(headers: ["集合", "名称"], rows: rows), terminal: terminal)
        }
        guard let collection = schema.collection(name) else {
            return "no collection '\(name)' (collections: \(schema.collections.map(\.name).joined(separator: ", ")))"
        }
        let fields = collection.fields.map { field -> [ReportValue] in
            let notes = [field.isRequired ? "required" : nil, field.derivation != nil ? "derived" : nil].compactMap {
                $0
            }
            return [
                .text(field.name), .text(field.label.chinese), .text(describe(field.type)),
                .text(notes.joined(separator: ", ")),
            ]
        }
        var text = render(ReportTable(headers: ["字段", "名称", "类型", "说明"], rows: fields), terminal: terminal)
        let pointing = schema.collections(pointingInto: collection.name)
        if !pointing.isEmpty {
            text +=
                "\n" + "records that point here: " + pointing.map { "\(collection.name).\($0)" }.joined(separator: ", ")
        }
        return text
    }

    private static func render(_ table: ReportTable, terminal: Bool) -> String {
        ReportOutput.render(ReportDocument(blocks: [.table(table)]), format: .table, terminal: terminal)
            .trimmingCharacters(in: .newlines)
    }

    private static func describe(_ type: FieldType) -> String {
        switch type {
        case .code(let kind), .codes(let kind): "\(type.name) (\(kind))"
        case .reference(let target): "→ \(target)"
        case .references(let target): "→ \(target) (many)"
        default: type.name
        }
    }
}
