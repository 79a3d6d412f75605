import ArgumentParser
import DuchaStore
import Foundation

/// `ducha export COLLECTION [--format csv|json|xlsx] [--out PATH] [--bom] [--raw-csv]`
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a collection as CSV, JSON or XLSX; `ducha import` reads it back to the same records.",
        discussion: """
            An export shows what your scripts see: without the confidential grant, confidential text is a \
            pseudonym; a secret collection needs the secret grant.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json, xlsx
    }

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The collection to export.") var collection: String
    @Option(help: "The file format.") var format: Format = .csv
    @Option(help: "The file to write (default: standard output; required for xlsx).") var out: String?
    @Flag(help: "Start CSV with a UTF-8 byte-order mark, for Excel.") var bom = false
    @Flag(help: "Write CSV text as it is, even where a spreadsheet would run it as a formula (=, +, -, @).")
    var rawCsv = false

    func validate() throws {
        if format == .xlsx && out == nil { throw ValidationError("--format xlsx needs --out PATH") }
    }

    func run() throws {
        try reportingFailures {
            let workspace = try workspace.resolve()
            let exporter = Exporter(store: try workspace.openStore(), identity: workspace.configuration.identity)
            let data = try exporter.export(
                collection, format: TableFormat(rawValue: format.rawValue)!, bom: bom, rawCSV: rawCsv)
            if let out {
                try data.write(to: URL(fileURLWithPath: out))
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}
