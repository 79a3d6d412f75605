import Foundation
import Testing

/// Runs hostile input through the built binary and checks that it ends cleanly: the exit
/// code and a message naming the problem, no signal, on time, within memory, nothing
/// written to the workspace and nothing confidential shown.
enum Hostile {
    /// What a run may use: the limits it runs under (`--time-limit`, `--memory-limit`, or
    /// the sandbox's defaults), or the budget given to a command that has no limits.
    struct Budget: Sendable {
        var seconds: Double
        var megabytes: Int

        /// The sandbox's defaults (60 s, 256 MB), which also bound commands without limits.
        static let standard = Budget(seconds: 60, megabytes: 256)

        /// The limits `arguments` set, on top of `base`.
        static func of(_ arguments: [String], base: Budget = .standard) -> Budget {
            var budget = base
            for (option, value) in zip(arguments, arguments.dropFirst()) {
                if option == "--time-limit", let seconds = Double(value) { budget.seconds = seconds }
                if option == "--memory-limit", let megabytes = Int(value) { budget.megabytes = megabytes }
            }
            return budget
        }
    }

    /// Starting two processes (the command and its worker) on a machine busy with builds
    /// and other tests takes time the limit does not count; the allowance stays at or under
    /// half a second so that a run that overshoots its limit by more still fails.
    static let startAllowance = 0.5
    /// The limit counts the bytes Lua and SQLite hold; the resident size also holds what
    /// malloc keeps for itself: block headers, and freed memory it has not given back to
    /// the system (an eighth of the limit, as measured with many small blocks).
    static let allocatorOverhead = 0.125

    /// The peak resident memory, in megabytes, of `ducha run --sandbox` on an empty script:
    /// the program, its worker, the runtime and the Lua state before the script allocates.
    /// A hostile run may use its memory limit on top of this.
    static let baselineMegabytes: Double = {
        let folder = try! Ducha.folder(with: ["empty.lua": ""])
        // The largest of three runs, so that a run that happens to map less does not set it.
        return (0..<3).map { _ in try! run(["run", "--sandbox", "empty.lua"], in: folder).peakMegabytes }.max()!
    }()

    /// What a run left, with its peak memory.
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
        var seconds: Double
        /// The peak resident memory of `ducha` and of the worker it waited for, in megabytes.
        var peakMegabytes: Double
    }

    /// Starts `ducha` through a small Python parent that forks it and reports wait4's
    /// `ru_maxrss`, which on Linux covers the descendants a process waited for (the
    /// worker). The test process cannot measure it itself: a child it spawns counts the
    /// test process's own memory, which it shared until its exec, in its peak.
    static func run(
        _ arguments: [String], in directory: URL, input: String? = nil, environment: [String: String] = [:]
    ) throws -> Outcome {
        let report = directory.deletingLastPathComponent().appendingPathComponent("peak-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: report) }
        let parent = """
            import os, sys
            pid = os.fork()
            if pid == 0:
                os.execv(sys.argv[2], sys.argv[2:])
            _, status, usage = os.wait4(pid, 0)
            open(sys.argv[1], "w").write(str(usage.ru_maxrss))
            code = os.waitstatus_to_exitcode(status)
            os._exit(code if code >= 0 else 128 - code)
            """
        let started = Date()
        let child = try ChildProcess(
            ["/usr/bin/python3", "-c", parent, report.path, Ducha.binary.path] + arguments, in: directory,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            input: Data((input ?? "").utf8))
        let outcome = child.finish()
        let kilobytes = (try? String(contentsOf: report, encoding: .utf8)).flatMap { Double($0) } ?? .infinity
        return Outcome(
            status: outcome.status, standardOutput: outcome.standardOutput, standardError: outcome.standardError,
            seconds: Date().timeIntervalSince(started), peakMegabytes: kilobytes / 1024)
    }

    /// A folder for scripts and files, outside every workspace (writing it changes none).
    static func scripts(_ files: [String: String]) throws -> URL { try Ducha.folder(with: files) }

    /// Runs `arguments` in `workspace` (as the current folder) and checks the clean outcome:
    /// exit code `status` (non-zero: 1, or 2 for a usage error) and standard error holding
    /// every fragment of `naming`; no signal; ended within the budget's seconds plus one,
    /// plus the start allowance; peak memory within the budget plus the runtime baseline;
    /// the workspace exactly as before; no confidential value in what it printed.
    @discardableResult
    static func expectClean(
        _ arguments: [String], in workspace: URL, status: Int32 = 1, naming: [String],
        budget: Budget? = nil, input: String? = nil, environment: [String: String] = [:],
        extraOutput: [URL] = [], echoing: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Outcome {
        let budget = budget ?? Budget.of(arguments)
        let before = try Snapshot(of: workspace)
        let outcome = try run(arguments, in: workspace, input: input, environment: environment)
        let after = try Snapshot(of: workspace)
        let shown = outcome.standardError.prefix(600)
        #expect(outcome.status == status, "exit \(outcome.status): \(shown)", sourceLocation: sourceLocation)
        #expect(outcome.status < 128, "ended by signal \(outcome.status - 128)", sourceLocation: sourceLocation)
        for fragment in naming {
            #expect(
                contains(outcome.standardError, fragment), "no '\(fragment)' in: \(shown)",
                sourceLocation: sourceLocation)
        }
        #expect(
            outcome.seconds <= budget.seconds + 1 + startAllowance,
            "took \(outcome.seconds) s for a limit of \(budget.seconds) s", sourceLocation: sourceLocation)
        #expect(
            outcome.peakMegabytes <= Double(budget.megabytes) * (1 + allocatorOverhead) + baselineMegabytes,
            "peak \(Int(outcome.peakMegabytes)) MB for a limit of \(budget.megabytes) MB + \(Int(baselineMegabytes)) MB",
            sourceLocation: sourceLocation)
        #expect(
            before == after, "the workspace changed: \(before.difference(from: after))", sourceLocation: sourceLocation)
        let written = extraOutput.compactMap { try? String(decoding: Data(contentsOf: $0), as: UTF8.self) }
        expectNothingConfidential(
            in: [outcome.standardOutput, outcome.standardError] + written, except: echoing,
            sourceLocation: sourceLocation)
        return outcome
    }

    /// Runs a Lua script (written outside the workspace) with `ducha run` and `options`,
    /// in `workspace`, and checks the clean outcome.
    @discardableResult
    static func expectCleanScript(
        _ script: String, options: [String] = ["--sandbox"], in workspace: URL, status: Int32 = 1,
        naming: [String], echoing: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Outcome {
        let folder = try scripts(["hostile.lua": script])
        let path = folder.appendingPathComponent("hostile.lua").path
        return try expectClean(
            ["run"] + options + [path], in: workspace, status: status, naming: naming, echoing: echoing,
            sourceLocation: sourceLocation)
    }

    /// No confidential value of the sample (as a cleared reader sees it) in `texts`, but
    /// those in `except`: values the command was given, which it may repeat.
    static func expectNothingConfidential(
        in texts: [String], except: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let values = try? Fixtures.confidentialValues.get() else {
            Issue.record("the confidential values could not be collected", sourceLocation: sourceLocation)
            return
        }
        for text in texts {
            let leaked = values.filter { contains(text, $0) && !except.contains($0) }
            #expect(leaked.isEmpty, "confidential values shown: \(leaked.prefix(5))", sourceLocation: sourceLocation)
        }
    }

    /// Whether `text` holds `part`, compared as bytes: a flood of output is hundreds of
    /// megabytes, which String's Unicode-aware search takes minutes over.
    static func contains(_ text: String, _ part: String) -> Bool {
        var text = text
        var part = part
        return text.withUTF8 { haystack in
            part.withUTF8 { needle in
                memmem(haystack.baseAddress, haystack.count, needle.baseAddress, needle.count) != nil
            }
        }
    }

    /// Glibc's memmem, which Swift does not import (it is a GNU extension).
    private static let memmem = unsafeBitCast(
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memmem"),
        to: (@convention(c) (UnsafeRawPointer?, Int, UnsafeRawPointer?, Int) -> UnsafeRawPointer?).self)

    /// Runs `python3 -c program arguments...`, for building hostile files.
    static func python(_ program: String, _ arguments: [String]) throws {
        let made = try ChildProcess(["/usr/bin/python3", "-c", program] + arguments).finish()
        try #require(made.status == 0, "\(made.standardError)")
    }
}

/// What a workspace holds that a run could change: every file's name, size and time of
/// last change (the database's WAL and shared-memory files aside: a reader may make and
/// remove them), the contents of its small configuration files, and the records per
/// collection that `ducha db info` counts.
struct Snapshot: Equatable {
    var files: [String: String] = [:]
    var records: [String] = []

    init(of workspace: URL) throws {
        try walk(workspace, relative: "")
        let info = try Ducha.run(["db", "info", "--workspace", workspace.path])
        // The file's size changes as SQLite checkpoints; the counts are what a write changes.
        records =
            info.standardOutput.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("database") }
            + ["exit \(info.status)"]
    }

    private mutating func walk(_ folder: URL, relative: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            if name.hasSuffix("-wal") || name.hasSuffix("-shm") || name.hasSuffix("-journal") { continue }
            let path = folder.appendingPathComponent(name).path
            let key = relative + name
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            let kind = status.st_mode & S_IFMT
            files[key] = "\(kind) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
            if name.hasSuffix(".sqlite") {
                // Every open of a workspace (this snapshot's own `db info` too) rewrites the
                // database header's change counter and schema cookie: the pages after the
                // header are what a write of records would change.
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                files[key] = "\(kind) \(status.st_size) \(Self.digest(bytes.dropFirst(100)))"
            } else if kind == S_IFDIR {
                try walk(URL(fileURLWithPath: path), relative: key + "/")
            } else if kind == S_IFLNK {
                files[key]! += " → " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
            } else if status.st_size < 64 << 10 && (name.hasSuffix(".toml") || name.hasSuffix(".lock")) {
                files[key]! += " " + ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "?")
            }
        }
    }

    /// FNV-1a over `bytes`: stable across runs, unlike `Hasher`.
    private static func digest(_ bytes: Data) -> UInt64 {
        bytes.withUnsafeBytes { buffer in
            buffer.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        }
    }

    func difference(from other: Snapshot) -> String {
        let keys = Set(files.keys).union(other.files.keys).sorted().filter { files[$0] != other.files[$0] }
        let changed = keys.prefix(5).map { "\($0): \(files[$0] ?? "none") → \(other.files[$0] ?? "none")" }
        let counts = records == other.records ? [] : ["records: \(records) → \(other.records)"]
        return (changed + counts).joined(separator: "; ")
    }
}

/// Workspaces prepared once per test run and shared by the tests that only read them;
/// tests that may write copy one first.
enum Fixtures {
    /// The sample `yiyang-2021`, for a user with the `write` grant only (the one `init`
    /// gives): not cleared for confidential or secret data.
    static let sample: Result<URL, Error> = Result {
        let folder = try Ducha.folder(with: [:])
        let created = try Ducha.run(["init", "ws", "--sample", "yiyang-2021"], in: folder)
        guard created.status == 0 else { throw ChildProcess.Failure(description: created.standardError) }
        let workspace = folder.appendingPathComponent("ws")
        // The first open checkpoints what init left in the WAL; later reads change nothing.
        _ = try Ducha.run(["db", "info"], in: workspace)
        return workspace
    }

    /// A copy of the sample for a user cleared for confidential and secret data.
    static let cleared: Result<URL, Error> = Result {
        let workspace = try copy(sample.get())
        try Ducha.grant(["confidential", "secret", "write"], in: workspace)
        return workspace
    }

    /// A fresh copy of `workspace`, for a test that may write.
    static func copy(_ workspace: URL) throws -> URL {
        let folder = try Ducha.folder(with: [:])
        let destination = folder.appendingPathComponent("ws")
        try FileManager.default.copyItem(at: workspace, to: destination)
        return destination
    }

    /// Every confidential or secret text of the sample as a cleared reader sees it
    /// (subjects' names, cases' summaries, clues' texts) that no uncleared reader can see
    /// anywhere: a value that also appears in what the uncleared reader may export is left
    /// out, since showing it would not be a leak.
    static let confidentialValues: Result<[String], Error> = Result {
        let clearedWorkspace = try Fixtures.cleared.get()
        let probe = """
            local values = {}
            for row in ducha.subjects:select("name"):each() do values[#values + 1] = row.name end
            for row in ducha.cases:select("summary"):each() do values[#values + 1] = row.summary end
            for row in ducha.clues:each() do
              values[#values + 1] = row.summary
              values[#values + 1] = row.reg_no
              values[#values + 1] = row.status
            end
            print(table.concat(values, "\\n"))
            """
        let secrets = try Ducha.run(["-e", probe], in: clearedWorkspace)
        guard secrets.status == 0 else { throw ChildProcess.Failure(description: secrets.standardError) }
        var visible = ""
        let uncleared = try Fixtures.sample.get()
        for collection in [
            "regions", "bodies", "units", "people", "subjects", "teams", "inspections", "findings",
            "cases", "handlings", "dispositions", "bulletins", "documents", "meetings", "campaigns", "deployments",
            "rectifications", "follow_ups",
        ] {
            visible += try Ducha.run(["export", collection, "--format", "json"], in: uncleared).standardOutput
        }
        let values = Set(secrets.standardOutput.split(separator: "\n").map(String.init)).filter {
            !$0.isEmpty && !visible.contains($0)
        }
        guard values.count > 20 else {
            throw ChildProcess.Failure(description: "too few confidential values: \(values.count)")
        }
        return values.sorted()
    }

    /// The sample's subjects: id and real name, as a cleared reader sees them.
    static let subjects: Result<[(id: String, name: String)], Error> = Result {
        let listed = try Ducha.run(
            ["-e", "for r in ducha.subjects:order_by('id'):each() do print(r.id .. '\\t' .. r.name) end"],
            in: Fixtures.cleared.get())
        return listed.standardOutput.split(separator: "\n").map {
            let parts = $0.split(separator: "\t", maxSplits: 1).map(String.init)
            return (parts[0], parts[1])
        }
    }
}

/// A hostile Lua script, the sentence it is known by and the words its refusal must hold.
struct ScriptCase: Sendable, CustomTestStringConvertible {
    let sentence: String
    let script: String
    let naming: [String]
    var options: [String] = ["--sandbox"]

    init(_ sentence: String, _ script: String, naming: String..., options: [String] = ["--sandbox"]) {
        self.sentence = sentence
        self.script = script
        self.naming = naming
        self.options = options
    }

    var testDescription: String { sentence }
}
