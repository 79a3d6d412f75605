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
        ce_configure(LineEditor.name, LineEditor.wordBreaks, complete, readCharacter)
        using_history()
        stifle_history(Self.historySize)
        _ = read_history(historyFile)
        _ = rl_parse_and_bind("bind ^R em-inc-search-prev")
        _ = rl_add_defun("ducha-interrupt", interrupt, Self.controlC)
        Self.installWakeUp()
    }

    fileprivate static let controlC: Int32 = 3
    fileprivate static let controlE: Int32 = 5

    /// What reading a line gave.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line typed so far, empty or not, is dropped.
        case interrupted(emptyLine: Bool)
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
            guard interruptPressed.load(ordering: .sequentiallyConsistent) else { return .end }
            return .interrupted(emptyLine: interruptedEmptyLine)
        }
        defer { free(line) }
        return .line(String(cString: line))
    }

    /// Makes the `readLine` waiting on the editor's thread return `.interrupted`: Ctrl-C
    /// at the prompt, whose signal another thread receives. A signal handled without
    /// SA_RESTART makes the editor's read fail with EINTR, and `readCharacter` then gives
    /// libedit the key that ends the reading.
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
/// Whether the line Ctrl-C ended was empty.
nonisolated(unsafe) private var interruptedEmptyLine = false

/// Reads a character for libedit: a Unicode scalar decoded from UTF-8, or Ctrl-C's key
/// when Ctrl-C interrupted the read.
private let readCharacter: @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32 = { stream in
    let descriptor = stream.map { fileno($0) } ?? STDIN_FILENO
    var bytes: [UInt8] = []
    while true {
        var byte: UInt8 = 0
        let count = read(descriptor, &byte, 1)
        if count == 1 {
            bytes.append(byte)
            guard bytes.count >= utf8Length(startingWith: bytes[0]) else { continue }
            return Int32(bitPattern: String(decoding: bytes, as: UTF8.self).unicodeScalars.first?.value ?? 0xFFFD)
        }
        guard count == -1, errno == EINTR else { return -1 }
        if interruptPressed.load(ordering: .sequentiallyConsistent) { return LineEditor.controlC }
    }
}

private func utf8Length(startingWith byte: UInt8) -> Int {
    switch byte {
    case 0xF0...: 4
    case 0xE0...: 3
    case 0xC0...: 2
    default: 1
    }
}

/// Ctrl-C's key: with the cursor at the end of the line (so what follows is written after
/// the line), ends the reading.
private let interrupt: @convention(c) (Int32, Int32) -> Int32 = { _, key in
    if ce_cursor() < ce_line_end() {
        // Keys pushed are read in order: to the end of the line, then Ctrl-C again.
        _ = rl_insert(1, LineEditor.controlE)
        _ = rl_insert(1, key)
        return 0
    }
    interruptedEmptyLine = ce_line_end() == 0
    ce_finish_line()
    return 0
}
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
