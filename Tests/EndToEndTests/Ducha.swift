import Foundation

/// Runs the built `ducha` binary, as a user would from a shell.
enum Ducha {
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
        var seconds: Double
    }

    /// The binary next to the test bundle, or `DUCHA_BINARY`.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["DUCHA_BINARY"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "ducha")
    }

    /// Runs `ducha` with `arguments` in `directory`, with `environment` added to the test's;
    /// `interruptAfter` sends SIGINT that many seconds in.
    static func run(
        _ arguments: [String], in directory: URL? = nil, input: String? = nil, interruptAfter: Double? = nil,
        environment: [String: String] = [:]
    )
        throws -> Outcome
    {
        let started = Date()
        let child = try ChildProcess(
            [binary.path] + arguments, in: directory,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            input: Data((input ?? "").utf8))
        if let interruptAfter {
            Thread.sleep(forTimeInterval: interruptAfter)
            child.send(SIGINT)
        }
        let outcome = child.finish()
        return Outcome(
            status: outcome.status, standardOutput: outcome.standardOutput,
            standardError: outcome.standardError, seconds: Date().timeIntervalSince(started))
    }

    /// A fresh temporary folder holding the given files.
    static func folder(with files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ducha-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, contents) in files {
            try Data(contents.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }
}
