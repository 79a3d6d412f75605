import ArgumentParser
import DuchaPlugins
import DuchaScripting
import DuchaStore
import Foundation

/// `ducha NAME [ARG...]`: a command an enabled plugin adds, run in that plugin's sandbox.
struct PluginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ducha NAME", abstract: "Run a command a plugin adds.")

    @Argument(help: "The plugin command.") var name: String
    @OptionGroup var options: ScriptCommandOptions
    @OptionGroup var output: ReportOutputOptions
    @Argument(parsing: .allUnrecognized, help: "Arguments for the command.") var arguments: [String] = []

    func run() throws {
        var entry: (PluginContext, String)?
        try reportingFailures {
            entry = try PluginCatalog(workspace: options.workspaceIfFound()).entry(name, in: \.commands)
        }
        guard let (context, file) = entry else { throw ValidationError("no command named '\(name)'") }
        try options.runScript(output: output, plugin: context) { host in
            try host.runPluginScript(file, arguments: arguments.filter { $0 != "--" })
        }
    }

    /// Whether `arguments` (without the program name) call a plugin command: the first is
    /// not an option or a built-in command, and an enabled plugin of the workspace adds it.
    static func isCalled(by arguments: [String], builtIn: [String]) -> Bool {
        guard let first = arguments.first, !first.hasPrefix("-"), !builtIn.contains(first),
            PluginManifest.isValidName(first)
        else { return false }
        var explicit: String?
        if let index = arguments.firstIndex(of: "--workspace"), index + 1 < arguments.count {
            explicit = arguments[index + 1]
        }
        let workspace = try? Workspace.discover(
            from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), explicit: explicit)
        return PluginCatalog(workspace: workspace).names(in: \.commands).contains(first)
    }
}
