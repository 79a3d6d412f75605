import ArgumentParser
import DuchaScripting

/// `ducha run FILE [-- ARG...]`
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua script.",
        discussion: "Arguments after `--` reach the script as arg[1], arg[2], … and as `...`."
    )

    @Argument(help: "The Lua script to run.")
    var file: String

    @OptionGroup var options: ScriptCommandOptions
    @OptionGroup var output: ReportOutputOptions

    @Argument(parsing: .postTerminator, help: "Arguments for the script (after --).")
    var arguments: [String] = []

    func run() throws {
        try options.runScript(output: output, script: file) { host in
            try host.runFile(at: file, arguments: arguments)
        }
    }
}
