import ArgumentParser
import DuchaScripting
import DuchaShell
import Foundation

/// `ducha repl` (also `ducha` without a chunk)
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Explore the data interactively; with standard input from a pipe, run its statements.")

    @OptionGroup var options: ScriptCommandOptions

    func run() throws {
        try Self.run(options)
    }

    static func run(_ options: ScriptCommandOptions) throws {
        let host = try options.makeHost()
        let interactive = isatty(STDIN_FILENO) != 0
        let workspace = options.workspaceIfFound()
        let repl = try Repl(
            host: host, interactive: interactive,
            historyFile: (workspace?.directory.path ?? NSHomeDirectory()) + "/.ducha_history",
            reports: ReportCatalog(workspace: workspace))
        let code = repl.run()
        if code != 0 { throw ExitCode(code) }
    }
}
