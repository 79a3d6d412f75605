import ArgumentParser
import DuchaScripting
import Foundation

/// `ducha`: queries and reports over supervision records, scripted in Lua.
@main
struct Ducha: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ducha",
        abstract: "Query supervision records and shape reports with Lua scripts.",
        discussion:
            "Without a subcommand or chunk, opens the REPL. A command an enabled plugin adds runs as "
            + "`ducha NAME [ARG...]` (see `ducha plugin info NAME`).",
        version: "ducha \(DuchaAPI.version) (Lua API \(DuchaAPI.apiVersion))",
        subcommands: [
            Run.self, ReplCommand.self, Report.self, Init.self, Import.self, Export.self, DatabaseCommand.self,
            Audit.self, Types.self, Plugin.self, Keygen.self, Trust.self, RenderFormat.self,
        ]
    )

    @Option(
        name: .customShort("e"), help: ArgumentHelp("Run a Lua chunk and print what it returns.", valueName: "chunk"))
    var chunk: String?

    @OptionGroup var options: ScriptCommandOptions

    mutating func run() throws {
        guard let chunk else { return try ReplCommand.run(options) }
        try options.runScript { host in try host.runChunkPrintingResults(chunk) }
    }

    /// The names of ducha's own commands, which no plugin command can take.
    static var builtInCommands: [String] { configuration.subcommands.map { $0._commandName } + ["help"] }

    /// Parses and runs a command (a plugin's when the first word names one); usage errors
    /// exit with 2, as the CLI contract says.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == ConfinedRuns.workerFlag {
            ConfinedRuns.isWorker = true
            arguments.removeFirst()
        } else {
            ConfinedRuns.executable = "/proc/self/exe"
        }
        do {
            if PluginCommand.isCalled(by: arguments, builtIn: builtInCommands) {
                let command = try PluginCommand.parse(arguments)
                try command.run()
                return
            }
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let exitCode as ExitCode {
            Foundation.exit(exitCode.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
