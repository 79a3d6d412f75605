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
        let interactive = isatty(STDIN_FILENO) != 0
        var code: Int32 = 0
        try options.runScript { host in
            let session = try ReplSession(host: host, terminal: interactive && isatty(STDOUT_FILENO) != 0)
            code = Repl(session: session, interactive: interactive).run()
        }
        if code != 0 { throw ExitCode(code) }
    }
}
