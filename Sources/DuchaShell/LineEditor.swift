import CEditline
import DuchaReports
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
        _ = rl_add_defun("ducha-search-history", searchHistory, Self.controlR)
        _ = rl_add_defun("ducha-interrupt", interrupt, Self.controlC)
        Self.installWakeUp()
    }

    fileprivate static let controlC: Int32 = 3
    fileprivate static let controlE: Int32 = 5
    fileprivate static let controlR: Int32 = 18
    fileprivate static let controlU: Int32 = 21

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
        currentPrompt = prompt
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
        // The same statement twice in a row is kept once, as shells do.
        if let last = ce_history_line(ce_history_count() - 1), String(cString: last) == statement { return }
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
/// The prompt of the line being read, which Ctrl-R's search puts back when it ends.
nonisolated(unsafe) private var currentPrompt = ""

/// Ctrl-R's key: searches the history, reading keys until one ends the search. Enter
/// runs the statement found; Ctrl-G, Esc or Ctrl-C give back the line as it was; any
/// other key, arrows included, keeps the statement found and then acts on it. While it
/// searches, the prompt says what is searched for and the line shows what was found on
/// one row.
private let searchHistory: @convention(c) (Int32, Int32) -> Int32 = { _, _ in
    let original = ce_begin_line().map { String(cString: $0) } ?? ""
    var search = HistorySearch(
        entries: (0..<ce_history_count()).compactMap { ce_history_line($0).map { String(cString: $0) } })
    let columns = terminalColumns()
    // The search draws on one row; the line it starts from may fill several.
    var rowsUp = cursorRow(
        after: currentPrompt + String(String.UnicodeScalarView(original.unicodeScalars.prefix(Int(ce_cursor())))),
        columns: columns)
    func show(_ prompt: String, _ line: String) {
        ce_show(prompt, line, Int32(rowsUp))
        rowsUp = 0
    }
    /// Ends the search with `line` under the prompt, the cursor at its end, then `keys`.
    func end(with line: String, then keys: [Int32] = []) {
        show(currentPrompt, line)
        ce_push_key(line.isEmpty ? LineEditor.controlU : LineEditor.controlE)
        keys.forEach(ce_push_key)
    }
    while true {
        show(search.prompt, search.oneRow(search.match ?? original, columns: columns, width: displayWidth(of:)))
        let key = readCharacter(nil)
        switch key {
        case LineEditor.controlR: search.older()
        case 0x7F, 0x08: search.deleteLast()
        case -1, 0x07:
            end(with: original)
            return 0
        case LineEditor.controlC:
            end(with: original, then: [key])
            return 0
        case 0x0D, 0x0A:
            end(with: search.match ?? original, then: [key])
            return 0
        case 0x1B:
            let rest = escapeSequenceRest()
            end(with: search.match ?? original, then: rest.isEmpty ? [] : ([0x1B] + rest).map(Int32.init))
            return 0
        case 0..<0x20:
            end(with: search.match ?? original, then: [key])
            return 0
        default:
            if let scalar = Unicode.Scalar(UInt32(key)) { search.type(String(Character(scalar))) }
        }
    }
}

/// The row, counted from the first, that the cursor is on after `text` is written from
/// the start of a row of a terminal `columns` wide.
func cursorRow(after text: String, columns: Int) -> Int {
    var row = 0
    var column = 0
    for character in text {
        if character == "\n" {
            (row, column) = (row + 1, 0)
            continue
        }
        let width = displayWidth(of: character)
        if column + width > columns { (row, column) = (row + 1, 0) }
        column += width
    }
    return row
}

/// The bytes of an escape sequence (an arrow key's `[D`) that follow Esc at once.
private func escapeSequenceRest() -> [UInt8] {
    var bytes: [UInt8] = []
    var poller = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    while poll(&poller, 1, 20) == 1 {
        var byte: UInt8 = 0
        guard read(STDIN_FILENO, &byte, 1) == 1 else { break }
        bytes.append(byte)
        if bytes.count > 1 && (0x40...0x7E).contains(byte) { break }
    }
    return bytes
}

private func terminalColumns() -> Int {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
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
