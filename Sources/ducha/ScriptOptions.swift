import ArgumentParser
import DuchaConfinement
import DuchaReports
import DuchaScripting
import DuchaStore
import Foundation
import LuaKit

/// `--sandbox`, the limits, the workspace and the as-of date scripts run with, and
/// running a script with them.
struct ScriptCommandOptions: ParsableArguments {
    @OptionGroup var workspace: WorkspaceOptions

    @Option(
        help: ArgumentHelp("The date reports count as of (default: the workspace's, else today).", valueName: "date"))
    var asOf: String?

    @Flag(help: "Run as untrusted plugin code: no io, os.execute, debug or bytecode, and default limits.")
    var sandbox = false

    @Option(help: ArgumentHelp("Stop the script after this many seconds.", valueName: "seconds"))
    var timeLimit: Double?

    @Option(help: ArgumentHelp("Refuse allocations past this many megabytes.", valueName: "MB"))
    var memoryLimit: Int?

    @Option(help: ArgumentHelp("Stop the script after this many Lua instructions.", valueName: "count"))
    var instructionLimit: UInt64?

    func validate() throws {
        if let timeLimit, !(timeLimit > 0) {
            throw ValidationError("--time-limit must be a positive number of seconds")
        }
        if let memoryLimit, memoryLimit < 16 {
            throw ValidationError("--memory-limit must be at least 16 (MB): Lua's own stack needs that much")
        }
        if let memoryLimit, memoryLimit > 1 << 30 {
            throw ValidationError("--memory-limit must be at most \(1 << 30) (MB)")
        }
        if instructionLimit == 0 { throw ValidationError("--instruction-limit must be positive") }
    }

    /// The workspace named or found; none when there is none (scripts without data run too).
    private func workspaceIfAny() throws -> Workspace? {
        do {
            return try workspace.resolve()
        } catch WorkspaceError.notFound where workspace.workspace == nil {
            return nil
        }
    }

    /// The limits asked for, on top of the sandbox's defaults when sandboxed (as plugin
    /// code always is); nil for none.
    func luaLimits(sandboxed: Bool = false) throws -> LuaLimits? {
        let sandboxed = sandbox || sandboxed
        guard sandboxed || timeLimit != nil || memoryLimit != nil || instructionLimit != nil else { return nil }
        var limits = sandboxed ? LuaLimits.sandboxDefault : LuaLimits.none
        if let timeLimit { limits.seconds = timeLimit }
        if let memoryLimit { limits.memoryBytes = memoryLimit << 20 }
        if let instructionLimit { limits.instructions = instructionLimit }
        return limits
    }

    /// Runs `body` with a script host made by these options (confined to `plugin`'s
    /// permissions when given); Ctrl-C stops the script. A failure is printed to standard
    /// error and ends the command with its exit code. Untrusted code (a plugin's, or any
    /// under `--sandbox`) runs in a confined worker that runs this same command line;
    /// `script` names the file it runs, which the worker may read.
    func runScript(
        output: ReportOutputOptions = .defaults, plugin: PluginContext? = nil, script: String? = nil,
        _ body: (ScriptHost) throws -> Void
    ) throws {
        let untrusted = sandbox || plugin != nil
        if untrusted && ConfinedRuns.delegates { return try runInWorker(output: output) }
        let workspace = try resolvedWorkspace()
        if untrusted && ConfinedRuns.isWorker {
            try confineWorker(workspace: workspace, plugin: plugin, script: script)
        }
        let host = try makeHost(plugin: plugin, workspace: workspace)
        let plugins = PluginCatalog(workspace: host.workspace)
        try output.checkFormat(plugins)
        let interruption = ConfinedRuns.isWorker ? nil : Interruption(canceller: host.canceller)
        let watchdog = untrusted ? nil : timeLimit.map(TimeLimitWatchdog.init)
        defer { withExtendedLifetime((interruption, watchdog)) {} }
        do {
            try body(host)
            try output.write(host.reportDocument(), plugins: plugins, asOf: host.asOf)
        } catch {
            let failure = ScriptFailure(error)
            FileHandle.standardError.write(Data((failure.text + "\n").utf8))
            throw ExitCode(failure.exitCode)
        }
    }

    /// Runs this command line in a confined worker, passes on what it wrote and ends with
    /// its exit code; a worker that was stopped or crashed ends the command with a message
    /// and exit code 1, never a signal.
    private func runInWorker(output: ReportOutputOptions) throws {
        let limits = try luaLimits(sandboxed: true) ?? .sandboxDefault
        let workspace = workspaceIfFound()
        let outcome: Worker.Outcome
        do {
            try output.checkFormat(PluginCatalog(workspace: workspace))
            // Keeps the database's shared-memory files, which the worker may not create.
            let keeper = try workspace?.openStore()
            outcome = try withExtendedLifetime(keeper) {
                try ConfinedRuns.run(arguments: Array(CommandLine.arguments.dropFirst()), limits: limits)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("ducha: \(error)\n".utf8))
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data(outcome.output))
        FileHandle.standardError.write(Data(outcome.messages))
        if let failure = ConfinedRuns.failure(of: outcome.end, limits: limits) {
            FileHandle.standardError.write(Data("ducha: \(failure.message)\n".utf8))
            throw ExitCode(failure.exitCode)
        }
        if case .exited(let code) = outcome.end, code != 0 { throw ExitCode(code) }
        do {
            if !outcome.report.isEmpty { try output.deliver(outcome.report) }
        } catch {
            FileHandle.standardError.write(Data("ducha: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// In a worker: confines this process before the untrusted code's host exists.
    private func confineWorker(workspace: Workspace?, plugin: PluginContext?, script: String?) throws {
        do {
            let writes =
                (workspace?.configuration.identity.mayWrite ?? false)
                && (plugin.map { !$0.plugin.manifest.permissions.write.isEmpty } ?? true)
            let policy = try ConfinedRuns.policy(
                workspace: workspace, plugin: plugin, script: script.map { URL(fileURLWithPath: $0).path },
                limits: try luaLimits(sandboxed: true) ?? .sandboxDefault, writesRecords: writes)
            try ConfinedRuns.confine(policy)
        } catch {
            FileHandle.standardError.write(Data("ducha: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// The script host these options describe, on `workspace`; a failure is printed and
    /// exits 1.
    func makeHost(plugin: PluginContext? = nil, workspace: Workspace?) throws -> ScriptHost {
        do {
            return try ScriptHost(
                options: ScriptOptions(
                    sandboxed: sandbox, limits: try luaLimits(sandboxed: plugin != nil), workspace: workspace,
                    asOf: asOf, plugin: plugin))
        } catch {
            FileHandle.standardError.write(Data("ducha: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// The script host these options describe; a failure is printed and exits 1.
    func makeHost(plugin: PluginContext? = nil) throws -> ScriptHost {
        try makeHost(plugin: plugin, workspace: try resolvedWorkspace())
    }

    /// The workspace named or found, if any; a workspace that cannot be read is printed
    /// and exits 1.
    private func resolvedWorkspace() throws -> Workspace? {
        do {
            return try workspaceIfAny()
        } catch {
            FileHandle.standardError.write(Data("ducha: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// The workspace the options name or find, if any.
    func workspaceIfFound() -> Workspace? { try? workspaceIfAny() }
}

/// `--format`, `--out`, `--bom` and `--raw-csv`: where and how the report a script builds is written.
struct ReportOutputOptions: ParsableArguments {
    /// The options when none are given.
    static var defaults: ReportOutputOptions {
        // Parsing no arguments cannot fail: every option has a default.
        try! parse([])
    }

    @Option(
        help:
            "The report's format: table, markdown, csv, json, html, or one a plugin adds (default: table on a terminal, else markdown)."
    )
    var format: String?

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "path"))
    var out: String?

    @Flag(help: "Start CSV output with a UTF-8 byte-order mark, for Excel.")
    var bom = false

    @Flag(help: "Write CSV text as it is, even where a spreadsheet would run it as a formula (=, +, -, @).")
    var rawCsv = false

    /// Refuses, as a usage error, a format neither built in nor added by an enabled plugin.
    func checkFormat(_ plugins: PluginCatalog) throws {
        guard let format, ReportFormat(rawValue: format) == nil else { return }
        let added = plugins.names(in: \.formats)
        guard !added.contains(format) else { return }
        let valid = ReportFormat.allCases.map(\.rawValue) + added
        FileHandle.standardError.write(
            Data("ducha: unknown format '\(format)' (valid: \(valid.joined(separator: ", ")))\n".utf8))
        throw ExitCode(2)
    }

    /// Renders the report the script built, if it built one; a format a plugin adds runs
    /// in that plugin's sandbox. `--out` names the format by its extension unless
    /// `--format` does.
    func write(_ document: ReportDocument, plugins: PluginCatalog, asOf: String) throws {
        guard !document.blocks.isEmpty else { return }
        let builtIn = format.flatMap(ReportFormat.init(rawValue:))
        if let format, builtIn == nil {
            guard let text = try ConfinedRuns.render(document, format: format, catalog: plugins, asOf: asOf) else {
                return try checkFormat(plugins)
            }
            try emit(text)
            return
        }
        let terminal = out == nil && ConfinedRuns.outputIsTerminal
        let chosen = builtIn ?? out.map(ReportFormat.init(fileName:)) ?? (terminal ? .table : .markdown)
        try emit(ReportOutput.render(document, format: chosen, terminal: terminal, byteOrderMark: bom, rawCSV: rawCsv))
    }

    private func emit(_ text: String) throws {
        let data = Data((text.hasSuffix("\n") ? text : text + "\n").utf8)
        // A worker may not write files: it hands the report to its parent, which writes `--out`.
        if ConfinedRuns.isWorker {
            FileHandle(fileDescriptor: Worker.reportDescriptor, closeOnDealloc: false).write(data)
        } else {
            try deliver(Array(data))
        }
    }

    /// Writes a rendered report where it goes: `--out`, or standard output.
    func deliver(_ bytes: [UInt8]) throws {
        if let out {
            try Data(bytes).write(to: URL(fileURLWithPath: out))
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}
