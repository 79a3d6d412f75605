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
            is one transaction: if any row is bad, nothing is written and every bad row is listed. Importing \
            needs the write grant (a --dry-run does not) and is recorded in the audit trail.
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
            let importer = try Importer(store: workspace.openStore(), identity: workspace.configuration.identity)
            let asOfYear = workspace.configuration.asOf.flatMap { Int($0.prefix(4)) }
            let options = ImportOptions(
                collection: into, encoding: encoding == .gb18030 ? .gb18030 : .utf8, sheet: sheet,
                year: year ?? asOfYear,
                dryRun: dryRun)
            let display = ProgressDisplay()
            // Cleared before a failure is reported, and before the summary is printed.
            defer { display.finish() }
            let summary = try importer.importFile(
                URL(fileURLWithPath: file), options: options, progress: display.isShown ? display.show : nil)
            display.finish()
            let verb = summary.dryRun ? "Checked" : "Imported"
            print(
                "\(verb) \(summary.records) records into \(summary.collection)\(summary.dryRun ? " (dry run: nothing written)" : "")."
            )
        }
    }
}

/// An import's progress on standard error, when it is a terminal and the import has run
/// for a second: redrawn in place at most ten times a second, and cleared at the end.
final class ProgressDisplay {
    private let started = Date()
    /// Whether progress shows at all: only on a terminal.
    let isShown = isatty(STDERR_FILENO) != 0
    private var lastDrawn: Date?

    func show(_ progress: ImportProgress) {
        guard isShown else { return }
        let now = Date()
        let seconds = now.timeIntervalSince(started)
        guard seconds >= 1, lastDrawn.map({ now.timeIntervalSince($0) >= 0.1 }) ?? true else { return }
        lastDrawn = now
        // One column short of the width, so the cursor never wraps to the next line.
        let line = ImportProgressLine(width: Self.terminalWidth() - 1).text(progress, seconds: seconds)
        FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
    }

    func finish() {
        guard lastDrawn != nil else { return }
        lastDrawn = nil
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
