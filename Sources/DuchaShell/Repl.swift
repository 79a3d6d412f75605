import DuchaConfinement
import DuchaModel
import DuchaReports
import DuchaScripting
import Foundation
import LuaKit

/// The read–eval–print loop around a ``ReplSession``. On a terminal it edits lines with
/// libedit (history, completion, Ctrl-R), shows long output through a pager, and turns
/// Ctrl-C into stopping the running statement, or at the prompt into dropping the line
/// being typed; with standard input from a pipe or a file
/// it reads statements without prompts or colour and reports whether any failed.
public final class Repl {
    let session: ReplSession
    let interactive: Bool
    let reports: ReportCatalog
    private let editor: LineEditor?
    /// Standard input when it is not a terminal.
    private let pipedInput = InputLines()
    private var format: ReportFormat = .table
    /// An output format an enabled plugin adds, chosen with `:format`; it wins over `format`.
    private var pluginFormat: String?
    private var timing = false
    /// Ctrl-C while a statement or meta command runs, for as long as `run()` does.
    private var interruption: Interruption?
    private var failed = false

    public init(
        host: ScriptHost, interactive: Bool, historyFile: String, reports: ReportCatalog
    ) throws {
        let terminal = interactive && isatty(STDOUT_FILENO) != 0
        session = try ReplSession(host: host, terminal: terminal)
        self.interactive = interactive
        self.reports = reports
        if interactive {
            let session = session
            let completer = Completer(
                taxonomy: (try? host.taxonomy()) ?? Taxonomy.builtIn, reports: { reports.names() },
                commands: reports.plugins.names(in: \.commands), formats: reports.plugins.names(in: \.formats),
                members: { session.names(in: $0) }, methods: { session.methods(of: $0) })
            editor = LineEditor(historyFile: historyFile, completer: completer)
        } else {
            editor = nil
        }
    }

    static let prompt = "督查> "
    static let continuationPrompt = "  ..> "

    /// Runs until the input ends or `:quit`; returns the exit code (1 if a statement failed
    /// when not interactive).
    public func run() -> Int32 {
        let interruption = Interruption(canceller: session.host.canceller) { [interactive] in
            if interactive { LineEditor.interruptReading() }
        }
        self.interruption = interruption
        if interactive { write("督查 Ducha \(DuchaAPI.version) — :help for help, :quit or Ctrl-D to leave\n") }
        var statement: [String] = []
        var inputLine = 0
        reading: while true {
            let line: String
            switch readInput(continuing: session.isContinuing) {
            case .line(let text):
                line = text
                inputLine += 1
            case .interrupted(let emptyLine):
                write(emptyLine && !session.isContinuing ? "^C\n(Ctrl-D or :quit leaves)\n" : "^C\n")
                session.abandon()
                statement.removeAll()
                continue
            case .end:
                guard interactive, session.isContinuing else { break reading }
                write("\n")
                session.abandon()
                statement.removeAll()
                continue
            }
            if !session.isContinuing, line.hasPrefix(":") {
                editor?.remember(line)
                interruption.statementBegins()
                let goOn = command(line)
                interruption.statementEnds()
                if !goOn { break }
                continue
            }
            statement.append(line)
            let started = Date()
            interruption.statementBegins()
            let step = session.feed(line, inputLine: interactive ? nil : inputLine)
            interruption.statementEnds()
            if step == .more { continue }
            editor?.remember(statement.joined(separator: "\n"))
            statement.removeAll()
            show(step)
            showReport()
            if timing { write(String(format: "(%.3f s)\n", Date().timeIntervalSince(started))) }
        }
        self.interruption = nil
        if session.isContinuing {
            failed = true
            writeError("incomplete statement at the end of the input\n")
        }
        if interactive { write("\n") }
        return failed && !interactive ? 1 : 0
    }

    private func readInput(continuing: Bool) -> LineEditor.Input {
        guard let editor else { return pipedInput.next().map { .line($0) } ?? .end }
        return editor.readLine(prompt: continuing ? Self.continuationPrompt : Self.prompt)
    }

    private func show(_ step: ReplSession.Step) {
        switch step {
        case .more: return
        case .output(let text): if !text.isEmpty { page(text) }
        case .failure(let message):
            failed = true
            writeError(message + "\n")
        }
    }

    /// Shows what the statement added to the report document, then starts a new one.
    private func showReport() {
        guard let document = try? session.host.takeReportDocument(), !document.blocks.isEmpty else { return }
        show(document)
    }

    /// Renders a document in the chosen format and shows it; a plugin's format runs in
    /// that plugin's sandbox.
    private func show(_ document: ReportDocument) {
        if let pluginFormat {
            do {
                interruption?.redirect { Worker.interrupt() }
                defer { interruption?.redirect(to: session.host.canceller) }
                let text = try ConfinedRuns.render(
                    document, format: pluginFormat, catalog: reports.plugins, asOf: session.host.asOf,
                    catchingInterrupts: false)
                page(text ?? "")
            } catch {
                failed = true
                writeError(ScriptFailure(error).text + "\n")
            }
            return
        }
        page(ReportOutput.render(document, format: format, terminal: interactive && isatty(STDOUT_FILENO) != 0))
    }

    /// Runs a meta command; false for `:quit`.
    private func command(_ line: String) -> Bool {
        let words = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let name = words.first ?? ""
        let argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
        switch name {
        case "quit", "q", "exit": return false
        case "help", "h", "?":
            if argument.isEmpty {
                write(ReplCommands.help + "\n")
            } else if let topic = ReplCommands.topics[argument] {
                write(topic + "\n")
            } else {
                let topics = ReplCommands.topics.keys.sorted().joined(separator: ", ")
                return fail("no help on '\(argument)' (topics: \(topics))")
            }
        case "schema":
            let taxonomy = (try? session.host.taxonomy()) ?? Taxonomy.builtIn
            write(
                ReplCommands.schema(argument, taxonomy: taxonomy, terminal: interactive && isatty(STDOUT_FILENO) != 0)
                    + "\n")
        case "load":
            run { try self.session.host.runFile(at: argument) }
        case "run":
            run {
                if argument.hasSuffix(".lua") {
                    try self.session.host.runFile(at: argument)
                    return
                }
                switch try self.reports.report(argument) {
                case .script(let source, let name): try self.session.host.runSource(source, name: name)
                case .plugin(let context, let file):
                    try self.runPlugin(context, file: file, arguments: [], commandLine: ["report", argument, "--"])
                }
            }
        case "format":
            let added = reports.plugins.names(in: \.formats)
            let valid = ReportFormat.allCases.map(\.rawValue) + added
            if argument.isEmpty {
                write(
                    "reports show as \(pluginFormat ?? format.rawValue) (formats: \(valid.joined(separator: ", ")))\n")
            } else if let chosen = ReportFormat(rawValue: argument) {
                format = chosen
                pluginFormat = nil
                write("reports show as \(argument)\n")
            } else if added.contains(argument) {
                pluginFormat = argument
                write("reports show as \(argument)\n")
            } else {
                return fail("unknown format '\(argument)' (valid: \(valid.joined(separator: ", ")))")
            }
        case "time":
            timing.toggle()
            write("timing \(timing ? "on" : "off")\n")
        case "as-of":
            do {
                if !argument.isEmpty { try session.host.setAsOf(argument) }
                write("as of \(session.host.asOf)\n")
            } catch {
                return fail("\(error)")
            }
        case "plugins":
            write(pluginList())
        default:
            guard reports.plugins.names(in: \.commands).contains(name) else {
                return fail("unknown command :\(name) (try :help)")
            }
            let arguments = argument.split(separator: " ").map(String.init)
            run {
                guard let (context, file) = try self.reports.plugins.entry(name, in: \.commands) else { return }
                try self.runPlugin(context, file: file, arguments: arguments, commandLine: [name])
            }
        }
        return true
    }

    /// Runs plugin code and shows the report it built: in a confined worker running
    /// `commandLine` (a report or a command of `ducha`, with `arguments` after it), which
    /// renders the report as the REPL shows reports; where there is no worker program
    /// (an embedding), in a state of its own, confined to the plugin's permissions.
    private func runPlugin(_ context: PluginContext, file: String, arguments: [String], commandLine: [String]) throws {
        guard let workspace = reports.workspace else { throw LuaScriptError("plugins run inside a workspace") }
        guard ConfinedRuns.delegates else {
            let host = try PluginRuns.host(for: context, workspace: workspace, asOf: session.host.asOf)
            interruption?.redirect(to: host.canceller)
            defer { interruption?.redirect(to: session.host.canceller) }
            try host.runPluginScript(file, arguments: arguments)
            let document = try host.reportDocument()
            if !document.blocks.isEmpty { show(document) }
            return
        }
        let options = [
            "--workspace", workspace.directory.path, "--as-of", session.host.asOf, "--format",
            pluginFormat ?? format.rawValue,
        ]
        let line = commandLine.last == "--" ? commandLine.dropLast() + options + ["--"] : commandLine + options
        let limits = LuaLimits.sandboxDefault
        interruption?.redirect { Worker.interrupt() }
        defer { interruption?.redirect(to: session.host.canceller) }
        let outcome = try ConfinedRuns.run(arguments: line + arguments, limits: limits, catchingInterrupts: false)
        write(String(decoding: outcome.output, as: UTF8.self))
        let messages = String(decoding: outcome.messages, as: UTF8.self)
        if let failure = ConfinedRuns.failure(of: outcome.end, limits: limits) {
            throw LuaScriptError(messages + failure.message)
        }
        guard case .exited(0) = outcome.end else {
            throw LuaScriptError(messages.trimmingCharacters(in: .newlines))
        }
        writeError(messages)
        if !outcome.report.isEmpty { page(String(decoding: outcome.report, as: UTF8.self)) }
    }

    private func pluginList() -> String {
        guard let plugins = try? reports.plugins.active(), !plugins.isEmpty else {
            return "no plugins enabled in this workspace\n"
        }
        return plugins.map { plugin in
            let manifest = plugin.manifest
            let adds =
                manifest.reports.keys.sorted().map { ":run \($0)" } + manifest.commands.keys.sorted().map { ":\($0)" }
            return "\(manifest.title)  \(manifest.description)"
                + (adds.isEmpty ? "" : "\n  " + adds.joined(separator: "  "))
        }.joined(separator: "\n") + "\n"
    }

    private func run(_ body: () throws -> Void) {
        do {
            try body()
            showReport()
        } catch {
            failed = true
            writeError(ScriptFailure(error).text + "\n")
        }
    }

    private func fail(_ message: String) -> Bool {
        failed = true
        writeError(message + "\n")
        return true
    }

    /// Writes `text`, through `$PAGER` (default `less -R`) on a terminal when it is taller
    /// than the screen.
    private func page(_ text: String) {
        let output = text.hasSuffix("\n") ? text : text + "\n"
        if interactive, isatty(STDOUT_FILENO) != 0, let size = terminalSize(),
            Self.screenRows(output, columns: size.columns) >= size.rows, Self.runPager(output)
        {
            return
        }
        write(output)
    }

    /// How many rows of a terminal `columns` wide the text fills, long lines wrapped.
    static func screenRows(_ text: String, columns: Int) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().reduce(0) { rows, line in
            rows + max(1, (displayWidth(of: String(line)) + columns - 1) / columns)
        }
    }

    /// Shows `text` through the pager. The command goes through the shell, as `$PAGER`
    /// conventionally does; `pclose` waits for the pager to end.
    private static func runPager(_ text: String) -> Bool {
        let command = ProcessInfo.processInfo.environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -R"
        guard let pager = popen(command, "w") else { return false }
        // A pager quit before the end closes its input: the write then fails, harmlessly.
        let previous = signal(SIGPIPE, SIG_IGN)
        fputs(text, pager)
        pclose(pager)
        signal(SIGPIPE, previous)
        return true
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
