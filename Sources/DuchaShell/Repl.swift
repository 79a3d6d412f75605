import DuchaScripting
import Foundation

/// The read–eval–print loop around a ``ReplSession``. On a terminal it prompts; with
/// standard input from a pipe or a file it reads statements without prompts or colour,
/// prints results, and reports whether any statement failed.
public struct Repl {
    let session: ReplSession
    let interactive: Bool

    public init(session: ReplSession, interactive: Bool) {
        self.session = session
        self.interactive = interactive
    }

    static let prompt = "督查> "
    static let continuationPrompt = ">> "
    static let help = """
        Type Lua statements or expressions; a query shows its first rows and its count.
        A statement that is not finished continues on the next line (an empty line abandons it).
          :help   this help          :quit   leave (or Ctrl-D)
        """

    /// Runs until the input ends or `:quit`; returns the exit code (1 if a statement failed
    /// when not interactive).
    public func run() -> Int32 {
        var failed = false
        if interactive { write("督查 Ducha \(DuchaAPI.version) — :help for help, :quit or Ctrl-D to leave\n") }
        while true {
            if interactive { write(session.isContinuing ? Self.continuationPrompt : Self.prompt) }
            guard let line = readLine(strippingNewline: true) else { break }
            if !session.isContinuing, let command = MetaCommand(line) {
                switch command {
                case .quit: return failed ? 1 : 0
                case .help: write(Self.help + "\n")
                case .unknown(let name):
                    failed = true
                    writeError("unknown command :\(name) (try :help)\n")
                }
                continue
            }
            if interactive && session.isContinuing && line.trimmingCharacters(in: .whitespaces).isEmpty {
                session.abandon()
                continue
            }
            switch session.feed(line) {
            case .more: continue
            case .output(let text): if !text.isEmpty { write(text.hasSuffix("\n") ? text : text + "\n") }
            case .failure(let message):
                failed = true
                writeError(message + "\n")
            }
        }
        if session.isContinuing {
            failed = true
            writeError("incomplete statement at the end of the input\n")
        }
        if interactive { write("\n") }
        return failed && !interactive ? 1 : 0
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// A line starting with `:`.
enum MetaCommand: Equatable {
    case help, quit
    case unknown(String)

    init?(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(":") else { return nil }
        let name = String(trimmed.dropFirst().prefix { !$0.isWhitespace })
        switch name {
        case "help", "h", "?": self = .help
        case "quit", "q", "exit": self = .quit
        default: self = .unknown(name)
        }
    }
}
