import ArgumentParser
import DuchaScripting

/// `ducha report NAME [-- ARG...]`
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a report: the workspace's reports/NAME.lua, or one shipped with Ducha.",
        discussion: "Without a name, lists the reports.")

    @Argument(help: "The report to run.") var name: String?
    @OptionGroup var options: ScriptCommandOptions
    @OptionGroup var output: ReportOutputOptions
    @Argument(parsing: .postTerminator, help: "Arguments for the report (after --).") var arguments: [String] = []

    func run() throws {
        let catalog = ReportCatalog(workspace: try? options.workspace.resolve())
        guard let name else {
            for report in catalog.names() { print(report) }
            return
        }
        try options.runScript(output: output) { host in
            let report = try catalog.source(of: name)
            try host.runSource(report.source, name: report.name, arguments: arguments)
        }
    }
}
