import CLuaSupport
import DuchaConfinement
import DuchaPlugins
import DuchaReports
import DuchaStore
import Foundation
import GRDBSQLite
import LuaKit

/// Untrusted code (plugins' reports, commands and formats, `--sandbox` runs) runs in a
/// worker: this program started again as a child that the kernel confines before any of
/// that code runs. The worker runs the same command line and writes the report to its
/// standard output; the parent keeps the terminal, writes `--out`, and ends the worker at
/// its wall-clock limit. The in-process sandbox still runs inside the worker, for its
/// clear messages; the process boundary is the guarantee.
public enum ConfinedRuns {
    /// The first argument of a worker's command line.
    public static let workerFlag = "--confined-worker"
    /// Set in a worker's environment when the parent writes to a terminal.
    static let terminalVariable = "DUCHA_TERMINAL"

    /// The program workers run: this one, when it is `ducha`. Nil where the library is
    /// embedded (tests): untrusted code then runs in-process, in the sandbox alone.
    nonisolated(unsafe) public static var executable: String?
    /// Whether this process is a worker.
    nonisolated(unsafe) public static var isWorker = false

    /// The most a worker may write as its report, and as its messages.
    static let outputCap = 256 << 20
    static let messagesCap = 1 << 20

    /// Whether untrusted code should go to a worker from this process.
    public static var delegates: Bool { !isWorker && executable != nil }

    /// Whether the report is for a terminal: standard output is one, or, in a worker, the
    /// parent's is.
    public static var outputIsTerminal: Bool {
        isWorker ? ProcessInfo.processInfo.environment[terminalVariable] == "1" : isatty(STDOUT_FILENO) != 0
    }

    // MARK: The parent's side

    /// Runs `arguments` (a command line without the program name) in a worker under
    /// `limits`. The database's shared-memory files must exist while it runs: keep a
    /// connection to the workspace open (`Workspace.openStore`).
    /// With `catchingInterrupts` unset, the caller handles Ctrl-C and calls
    /// `Worker.interrupt()`.
    public static func run(
        arguments: [String], limits: LuaLimits, input: [UInt8] = [], catchingInterrupts: Bool = true
    ) throws -> Worker.Outcome {
        guard let executable else { throw LuaScriptError("no worker program to run untrusted code in") }
        var environment = ProcessInfo.processInfo.environment
        environment[terminalVariable] = isatty(STDOUT_FILENO) != 0 ? "1" : nil
        // A crash report would need a helper process, which the worker may not start.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        if let width = ReportOutput.terminalWidth() { environment["COLUMNS"] = String(width) }
        return try Worker.run(
            executable: executable, arguments: [workerFlag] + arguments, environment: environment, input: input,
            seconds: limits.seconds, outputCap: outputCap, messagesCap: messagesCap,
            catchingInterrupts: catchingInterrupts)
    }

    /// What to tell the user of a worker that the parent stopped or that crashed, and the
    /// exit code; nil when the worker ended by itself (its own messages say why).
    public static func failure(of end: Worker.End, limits: LuaLimits) -> (message: String, exitCode: Int32)? {
        switch end {
        case .exited: return nil
        case .timedOut:
            return (TimeLimitWatchdog.message(seconds: limits.seconds ?? 0), 1)
        case .outputTooLarge:
            return ("the run's output passed \(outputCap >> 20) MB and was stopped", 1)
        case .interrupted:
            return ("interrupted", 130)
        case .signalled(SIGXCPU):
            return ("CPU time limit exceeded: the run was stopped", 1)
        case .signalled(let signal):
            let memory = limits.memoryBytes.map { " (--memory-limit \($0 >> 20) MB)" } ?? ""
            return (
                "the confined run ended abnormally (signal \(signal)); it may have run out of memory\(memory)", 1
            )
        }
    }

    /// The command a worker runs to render a document with a plugin's format.
    public static let renderCommand = "render-format"

    /// Renders `document` with the output format `name` an enabled plugin adds, in a
    /// worker (or, where there is none, in this process's sandbox); nil when no plugin
    /// adds it. With `catchingInterrupts` unset, the caller handles Ctrl-C and calls
    /// `Worker.interrupt()`.
    public static func render(
        _ document: ReportDocument, format name: String, catalog: PluginCatalog, asOf: String?,
        catchingInterrupts: Bool = true
    ) throws -> String? {
        guard delegates, let workspace = catalog.workspace else {
            return try PluginRuns.render(document, format: name, catalog: catalog, asOf: asOf)
        }
        guard try catalog.entry(name, in: \.formats) != nil else { return nil }
        let limits = LuaLimits.sandboxDefault
        let arguments =
            [renderCommand, name, "--workspace", workspace.directory.path] + (asOf.map { ["--as-of", $0] } ?? [])
        // Keeps the database's shared-memory files, which the worker may not create.
        let keeper = try workspace.openStore()
        let outcome = try withExtendedLifetime(keeper) {
            try run(
                arguments: arguments, limits: limits, input: Array(try documentCoding.encoder.encode(document)),
                catchingInterrupts: catchingInterrupts)
        }
        let messages = String(decoding: outcome.messages, as: UTF8.self)
        if let failure = failure(of: outcome.end, limits: limits) { throw LuaScriptError(messages + failure.message) }
        guard case .exited(0) = outcome.end else { throw LuaScriptError(messages.trimmingCharacters(in: .newlines)) }
        return String(decoding: outcome.report, as: UTF8.self)
    }

    /// How a document crosses to a worker: JSON, with infinities and NaN (a bar chart may
    /// hold them) as strings.
    public static let documentCoding = (
        encoder: { () -> JSONEncoder in
            let encoder = JSONEncoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return encoder
        }(),
        decoder: { () -> JSONDecoder in
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return decoder
        }()
    )

    // MARK: The worker's side

    /// What confines a worker: the kernel's policy, and the heap SQLite may allocate.
    public struct Confinement {
        public var kernel: ConfinementPolicy
        /// The most SQLite may hold allocated at once: past it, a statement fails with
        /// "out of memory" instead of growing the process to its address-space limit.
        public var sqliteHeapBytes: Int64
    }

    /// What the worker's code may touch: the workspace's database (writable only when
    /// `writesRecords`), the installed plugins' files and the script, read-only; the
    /// folders the plugin declares for its files, created now if missing; nothing else.
    /// The address space is what the process holds now, plus the Lua limit, plus as much
    /// again (at least 512 MB) for the host and SQLite, whose heap is held to the Lua
    /// limit; CPU time is the wall-clock limit plus a second.
    public static func policy(
        workspace: Workspace?, plugin: PluginContext?, script: String?, limits: LuaLimits, writesRecords: Bool
    ) throws -> Confinement {
        var policy = ConfinementPolicy()
        // Dispatch reads /proc/<thread>/stat of its threads; Landlock still keeps other
        // processes' entries (memory, descriptors, environment) from the worker.
        policy.readable = ["/proc", "/etc/localtime", "/usr/share/zoneinfo"]
        // A script read from a pipe (`<(...)`) is no file to grant, and needs no grant.
        if let script,
            (try? FileManager.default.attributesOfItem(atPath: script)[.type] as? FileAttributeType) == .typeRegular
        {
            policy.readable.append(script)
        }
        if let workspace {
            let database = workspace.databaseURL.path
            policy.readable += [InstalledPlugins(workspace: workspace.directory).folder.path]
            let journal = [database + "-wal"]
            if writesRecords {
                policy.writable += [database] + journal
            } else {
                policy.readable += [database] + journal
            }
            // Readers of a WAL database record what they read in its shared memory.
            policy.writable.append(database + "-shm")
            for folder in plugin?.plugin.manifest.permissions.files ?? [] {
                let url = workspace.directory.appendingPathComponent(folder, isDirectory: true)
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                policy.writable.append(url.path)
            }
        }
        let memory = UInt64(limits.memoryBytes ?? LuaLimits.sandboxDefault.memoryBytes ?? 0)
        policy.addressSpaceBytes = currentAddressSpace() + memory + max(memory, minimumHostAllowance)
        policy.cpuSeconds = UInt64((limits.seconds ?? LuaLimits.sandboxDefault.seconds ?? 60).rounded(.up)) + 1
        policy.fileSizeBytes = writesRecords ? 0 : 256 << 20
        return Confinement(kernel: policy, sqliteHeapBytes: Int64(memory))
    }

    /// The least address space the host and SQLite get beyond the Lua limit (statements,
    /// pages, the rendered report, and the stacks Dispatch reserves for its threads, which
    /// a loaded machine makes it start more of: a thread it cannot start ends the process);
    /// a larger Lua limit gives them as much as it allows Lua, since the host's copy of a
    /// report grows with what Lua built. What is really used stays bounded by the Lua
    /// limit and SQLite's heap limit.
    static let minimumHostAllowance: UInt64 = 512 << 20

    /// Confines this process with `confinement`, warning once when the kernel lacks Landlock.
    public static func confine(_ confinement: Confinement) throws {
        // Lua's os.date reads the time zone once; it must be read before files are closed.
        tzset()
        // SQLite's temporary files would be made in a folder the worker may not write.
        Store.keepsTemporaryDataInMemory = true
        // The memory limit bounds the worker, not only its Lua state: SQLite's heap (a
        // statement building a huge string, a temporary table in memory) counts too, and
        // its own hard limit backs that count up.
        luakit_count_sqlite_memory(1)
        sqlite3_hard_heap_limit64(confinement.sqliteHeapBytes)
        if try confinement.kernel.apply() == .withoutFileRules {
            FileHandle.standardError.write(
                Data(
                    "ducha: warning: this kernel has no Landlock, so the worker's files are not confined (limits and system calls still are)\n"
                        .utf8))
        }
    }

    /// The address space this process has mapped now, from /proc/self/status.
    private static func currentAddressSpace() -> UInt64 {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmSize:") }),
            let kilobytes = UInt64(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 1 << 30 }
        return kilobytes << 10
    }
}
