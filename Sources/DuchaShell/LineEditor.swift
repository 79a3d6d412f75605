import CEditline
import Foundation

/// Reading lines on a terminal with libedit: Emacs keys, UTF-8 and CJK editing, Ctrl-R
/// history search, a history kept in a file across runs (multi-line entries whole), and
/// Tab completion from a ``Completer``.
final class LineEditor {
    private let historyFile: String
    static let historySize: Int32 = 1000

    init(historyFile: String, completer: Completer) {
        self.historyFile = historyFile
        // libedit edits characters, not bytes, only under a UTF-8 locale.
        if !(String(cString: setlocale(LC_CTYPE, "")).uppercased().contains("UTF")) {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        activeCompleter = completer
        ce_configure(LineEditor.name, LineEditor.wordBreaks, complete)
        using_history()
        stifle_history(Self.historySize)
        _ = read_history(historyFile)
        _ = rl_parse_and_bind("bind ^R em-inc-search-prev")
    }

    /// What reading a line gave.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C interrupted the reading (the signal's handler has said what to do).
        case interrupted
        /// The end of input: Ctrl-D on an empty line.
        case end
    }

    /// The next line.
    func readLine(prompt: String) -> Input {
        errno = 0
        guard let line = readline(prompt) else { return errno == EINTR ? .interrupted : .end }
        defer { free(line) }
        return .line(String(cString: line))
    }

    /// Remembers a whole statement (its lines joined) in the history file.
    func remember(_ statement: String) {
        guard !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        add_history(statement)
        _ = write_history(historyFile)
    }

    // libedit keeps these pointers for the life of the process.
    nonisolated(unsafe) private static let name: UnsafePointer<CChar> = UnsafePointer(strdup("ducha")!)
    nonisolated(unsafe) private static let wordBreaks: UnsafePointer<CChar> = UnsafePointer(
        strdup(String(Completer.wordBreaks))!)
}

/// The completer libedit's callbacks use (libedit keeps one editor per process).
nonisolated(unsafe) private var activeCompleter: Completer?
/// The candidates of the completion in progress.
nonisolated(unsafe) private var candidates: [String] = []

private let complete:
    @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<
        UnsafeMutablePointer<CChar>?
    >? = { text, start, end in
        guard let buffer = ce_begin_completion(), let completer = activeCompleter else { return nil }
        let line = String(cString: buffer)
        let utf8 = Array(line.utf8)
        let before = String(decoding: utf8.prefix(Int(end)), as: UTF8.self)
        candidates = completer.candidates(before: before)
        return rl_completion_matches(text ?? UnsafePointer(strdup("")!), generate)
    }

private let generate: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
    let index = Int(state)
    guard index < candidates.count else { return nil }
    return strdup(candidates[index])
}
