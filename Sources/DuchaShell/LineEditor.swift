import CEditline
import Foundation
import Synchronization

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
        Self.installWakeUp()
    }

    /// What reading a line gave.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line typed so far is dropped.
        case interrupted
        /// The end of input: Ctrl-D on an empty line.
        case end
    }

    /// The next line.
    func readLine(prompt: String) -> Input {
        interruptPressed.store(false, ordering: .sequentiallyConsistent)
        // Dispatch blocks the signals of a thread that caught one; the wake-up must get through.
        var wakeUp = sigset_t()
        sigemptyset(&wakeUp)
        sigaddset(&wakeUp, Self.wakeUpSignal)
        pthread_sigmask(SIG_UNBLOCK, &wakeUp, nil)
        guard let line = readline(prompt) else {
            return interruptPressed.load(ordering: .sequentiallyConsistent) ? .interrupted : .end
        }
        defer { free(line) }
        return .line(String(cString: line))
    }

    /// Makes the `readLine` waiting on the editor's thread return `.interrupted`: Ctrl-C
    /// at the prompt, whose signal another thread receives. Libedit gives up the line
    /// when its read fails with EINTR, which a signal handled without SA_RESTART causes.
    static func interruptReading() {
        interruptPressed.store(true, ordering: .sequentiallyConsistent)
        if let readingThread { pthread_kill(readingThread, wakeUpSignal) }
    }

    private static let wakeUpSignal = SIGUSR1

    private static func installWakeUp() {
        readingThread = pthread_self()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(wakeUpSignal, &action, nil)
    }

    /// The text before the cursor, which libedit gives as a count of characters.
    static func text(of line: String, beforeCharacter count: Int) -> String {
        String(String.UnicodeScalarView(line.unicodeScalars.prefix(count)))
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
/// Whether Ctrl-C was pressed while `readLine` waited.
private let interruptPressed = Atomic<Bool>(false)
/// The thread that reads lines, set before anything may interrupt it.
nonisolated(unsafe) private var readingThread: pthread_t?

private let complete:
    @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<
        UnsafeMutablePointer<CChar>?
    >? = { text, start, end in
        guard let buffer = ce_begin_completion(), let completer = activeCompleter else { return nil }
        let before = LineEditor.text(of: String(cString: buffer), beforeCharacter: Int(end))
        candidates = completer.candidates(before: before)
        return rl_completion_matches(text ?? UnsafePointer(strdup("")!), generate)
    }

private let generate: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
    let index = Int(state)
    guard index < candidates.count else { return nil }
    return strdup(candidates[index])
}
