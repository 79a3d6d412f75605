import ArgumentParser
import DuchaStore
import Foundation
import Tabular

/// `ducha import FILE [--into COLLECTION] [--encoding E] [--sheet S] [--year Y] [--dry-run]`
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import records from a CSV, JSON (array or JSON Lines) or XLSX file.",
        discussion: """
            Headers may be field names or their Chinese labels; codes may be codes or labels; dates may be \
            2021-08-01, 2021/8/1, 2021年8月1日 or 8月1日; references may be ids or unique names. The import \
            is one transaction: if any row is bad, nothing is written and every bad row is listed.
            """)

    enum Encoding: String, ExpressibleByArgument, CaseIterable {
        case utf8 = "utf-8"
        case gb18030
    }

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The file to import.") var file: String
    @Option(help: "The collection to import into (default: the file's name).") var into: String?
    @Option(help: "The text encoding of a CSV file.") var encoding: Encoding = .utf8
    @Option(help: "The XLSX sheet to read (default: the first).") var sheet: String?
    @Option(help: "The year of dates written without one (default: the workspace's as-of year).") var year: Int?
    @Flag(help: "Check everything, write nothing.") var dryRun = false

    func run() throws {
        try reportingFailures {
            let workspace = try workspace.resolve()
            let importer = try Importer(store: workspace.openStore())
            let asOfYear = workspace.configuration.asOf.flatMap { Int($0.prefix(4)) }
            let options = ImportOptions(
                collection: into, encoding: encoding == .gb18030 ? .gb18030 : .utf8, sheet: sheet,
                year: year ?? asOfYear,
                dryRun: dryRun)
            let progress = ProgressLine()
            let summary = try importer.importFile(URL(fileURLWithPath: file), options: options, progress: progress.show)
            progress.finish()
            let verb = summary.dryRun ? "Checked" : "Imported"
            print(
                "\(verb) \(summary.records) records into \(summary.collection)\(summary.dryRun ? " (dry run: nothing written)" : "")."
            )
        }
    }
}

/// A one-line progress count on a terminal's standard error, once a second has passed.
final class ProgressLine {
    private let started = Date()
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var shown = false

    func show(_ rows: Int) {
        guard isTerminal, Date().timeIntervalSince(started) > 1 else { return }
        FileHandle.standardError.write(Data("\r\(rows) rows read…".utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
