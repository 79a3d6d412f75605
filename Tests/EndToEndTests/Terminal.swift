import Foundation

/// A program running in a real terminal (a tmux pane): keys go in, the screen comes out.
final class Terminal {
    let session = "ducha-test-\(UUID().uuidString.prefix(8))"

    /// Starts `arguments` in `directory` in a pane of the given size.
    init(_ arguments: [String], in directory: URL, width: Int = 100, height: Int = 40) throws {
        let command = (["env", "LANG=C.UTF-8", "PAGER=cat", Ducha.binary.path] + arguments)
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // A session killed just before may leave the server on its way out, and a new
        // session that reaches it then fails: try again with the next server.
        for attempt in 1...10 {
            let started = try Self.tmux(
                [
                    "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "-c", directory.path,
                    command,
                ], capturing: false)
            if started.status == 0 { return }
            if attempt == 10 { throw TerminalError(message: "tmux could not start a session for \(arguments)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    deinit { _ = try? Self.tmux(["kill-session", "-t", session]) }

    /// Types `text` as it is (no key names).
    func type(_ text: String) throws { try Self.tmux(["send-keys", "-t", session, "-l", text]) }

    /// Types each line and presses Enter after it.
    func enter(_ lines: String...) throws {
        for line in lines {
            try type(line)
            try press("Enter")
        }
    }

    /// Presses keys by name: "Enter", "Tab", "C-c", "C-d".
    func press(_ keys: String...) throws { try Self.tmux(["send-keys", "-t", session] + keys) }

    /// The screen's text.
    func screen() throws -> String { try Self.tmux(["capture-pane", "-t", session, "-p"]) }

    /// Whether the program still runs (its session ends with it).
    func isRunning() throws -> Bool {
        try Self.tmux(["has-session", "-t", session], capturing: false).status == 0
    }

    /// Waits up to `seconds` for the screen to satisfy `condition`; returns the last screen.
    @discardableResult
    func waitFor(seconds: Double = 5, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return last
    }

    /// Runs a tmux command on the tests' own server. Only `capture-pane` output is read:
    /// a command that starts the server hands it the output pipe, and reading to its end
    /// would wait for the server to exit.
    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        try tmux(arguments, capturing: arguments.first == "capture-pane").standardOutput
    }

    static func tmux(_ arguments: [String], capturing: Bool) throws -> ChildProcess.Outcome {
        // The server takes its locale from the client that starts it: UTF-8, for CJK panes.
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = nil
        let child = try ChildProcess(
            ["/usr/bin/tmux", "-L", "ducha-tests"] + arguments, environment: environment, capture: capturing)
        return child.finish()
    }
}

struct TerminalError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
