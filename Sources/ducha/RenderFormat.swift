import ArgumentParser
import DuchaConfinement
import DuchaReports
import DuchaScripting
import Foundation

/// `ducha render-format NAME`, run only as a confined worker: renders the report document
/// on standard input with the output format a plugin adds, so that a format a plugin
/// provides runs confined like the rest of its code.
struct RenderFormat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ConfinedRuns.renderCommand, abstract: "Render a report with a plugin's format (for workers).",
        shouldDisplay: false)

    @Argument(help: "The format.") var name: String
    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: ArgumentHelp("The date reports count as of.", valueName: "date")) var asOf: String?

    func run() throws {
        guard ConfinedRuns.isWorker else {
            throw ValidationError("\(ConfinedRuns.renderCommand) is run by ducha itself, in a confined worker")
        }
        do {
            let workspace = try workspace.resolve()
            let input = FileHandle.standardInput.readDataToEndOfFile()
            let document = try ConfinedRuns.documentCoding.decoder.decode(ReportDocument.self, from: input)
            try ConfinedRuns.confine(
                ConfinedRuns.policy(
                    workspace: workspace, plugin: nil, script: nil, limits: .sandboxDefault, writesRecords: false))
            let catalog = PluginCatalog(workspace: workspace)
            guard let text = try PluginRuns.render(document, format: name, catalog: catalog, asOf: asOf) else {
                throw ValidationError("no plugin adds the format '\(name)'")
            }
            FileHandle(fileDescriptor: Worker.reportDescriptor, closeOnDealloc: false).write(Data(text.utf8))
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data((ScriptFailure(error).text + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
