import ArgumentParser
import DuchaScripting
import Foundation

/// `ducha report NAME [-- ARG...]`
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run a report: the workspace's reports/NAME.lua, a plugin's, or one shipped with Ducha.",
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
        let report: ReportCatalog.Report
        do {
            report = try catalog.report(name)
        } catch {
            FileHandle.standardError.write(Data("ducha: \(error)\n".utf8))
            throw ExitCode(1)
        }
        switch report {
        case .script(let source, let scriptName):
            try options.runScript(output: output) { host in
                try host.runSource(source, name: scriptName, arguments: arguments)
            }
        case .plugin(let context, let file):
            try options.runScript(output: output, plugin: context) { host in
                try host.runPluginScript(file, arguments: arguments)
            }
        }
    }
}
