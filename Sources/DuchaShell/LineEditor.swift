import CEditline
import DuchaReports
import Foundation
import Synchronization

/// Reading lines on a terminal with libedit: Emacs keys, UTF-8 and CJK editing, Ctrl-R
/// history search, a history kept in a file across runs (multi-line entries whole), and
/// Tab completion from a ``Completer``.
final class LineEditor {
    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: String
    static let historySize: Int32 = 1000

    /// An editor on the terminal, or nil if libedit cannot make one.
    init?(historyFile: String, completer: Completer) {
        // libedit edits characters, not bytes, only under a UTF-8 locale.
        if !(String(cString: setlocale(LC_CTYPE, "")).uppercased().contains("UTF")) {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        guard let editor = ce_open("ducha", showPrompt, readCharacter),
            let history = ce_open_history(editor, Self.historySize, historyFile)
        else { return nil }
        self.editor = editor
        self.history = history
        self.historyFile = historyFile
        activeCompleter = completer
        activeEditor = self
        ce_bind(editor, "ducha-complete", "^I", complete)
        ce_bind(editor, "ducha-search-history", "^R", searchHistory)
        ce_bind(editor, "ducha-interrupt", "^C", interrupt)
        Self.installWakeUp()
    }

    deinit {
        el_end(editor)
        history_end(history)
    }

    fileprivate static let controlC: Int32 = 3

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
        setPrompt(prompt)
        currentPrompt = prompt
        interruptPressed.store(false, ordering: .sequentiallyConsistent)
        endedByInterrupt = false
        // Dispatch blocks the signals of a thread that caught one; the wake-up must get through.
        var wakeUp = sigset_t()
        sigemptyset(&wakeUp)
        sigaddset(&wakeUp, Self.wakeUpSignal)
        pthread_sigmask(SIG_UNBLOCK, &wakeUp, nil)
        var count: Int32 = 0
        let line = el_gets(editor, &count)
        // libedit writes through the C stream: what it holds goes out before what follows.
        ce_write(nil)
        guard let line, count > 0 else {
            return endedByInterrupt ? .interrupted(emptyLine: interruptedEmptyLine) : .end
        }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
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

    /// Remembers a whole statement (its lines joined) in the history file.
    func remember(_ statement: String) {
        guard !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        ce_remember(history, statement, historyFile)
    }

    /// The history, oldest first.
    fileprivate static func entries(of history: OpaquePointer) -> [String] {
        var newestFirst: [String] = []
        var step = ce_history_step(history, 1)
        while let entry = step {
            newestFirst.append(String(cString: entry))
            step = ce_history_step(history, 0)
        }
        return newestFirst.reversed()
    }

    /// The history of the editor that reads lines, for Ctrl-R.
    fileprivate static var activeHistory: OpaquePointer? { activeEditor?.history }
}

/// The editor reading lines (libedit's callbacks name only the EditLine).
nonisolated(unsafe) private weak var activeEditor: LineEditor?
/// The completer libedit's callbacks use.
nonisolated(unsafe) private var activeCompleter: Completer?
/// Whether Ctrl-C was pressed while `readLine` waited, and not yet read as its key.
private let interruptPressed = Atomic<Bool>(false)
/// Whether Ctrl-C's key ended the line being read (rather than Ctrl-D).
nonisolated(unsafe) private var endedByInterrupt = false
/// Whether the line Ctrl-C ended was empty.
nonisolated(unsafe) private var interruptedEmptyLine = false
/// The prompt of the line being read, which Ctrl-R's search puts back when it ends.
nonisolated(unsafe) private var currentPrompt = ""
/// The prompt libedit shows, as C text; libedit asks for it at every redraw.
nonisolated(unsafe) private var promptText: UnsafeMutablePointer<CChar>? = strdup("")
/// The thread that reads lines, set before anything may interrupt it.
nonisolated(unsafe) private var readingThread: pthread_t?

private func setPrompt(_ prompt: String) {
    free(promptText)
    promptText = strdup(prompt)
}

private let showPrompt: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { _ in promptText }

/// Reads a character for libedit: a Unicode scalar decoded from UTF-8, or Ctrl-C's key
/// when Ctrl-C was pressed, whether its wake-up interrupted a read or came between two.
private let readCharacter: @convention(c) (OpaquePointer?, UnsafeMutablePointer<wchar_t>?) -> Int32 = {
    _, character in
    let key = readKey()
    guard key >= 0 else { return key == -2 ? 0 : -1 }
    character?.pointee = wchar_t(key)
    return 1
}

/// The next key from the terminal: a Unicode scalar, Ctrl-C's key, -2 at the end of input,
/// -1 on an error.
private func readKey() -> Int32 {
    var bytes: [UInt8] = []
    while true {
        if interruptPressed.exchange(false, ordering: .sequentiallyConsistent) { return LineEditor.controlC }
        var byte: UInt8 = 0
        let count = read(STDIN_FILENO, &byte, 1)
        if count == 1 {
            bytes.append(byte)
            guard bytes.count >= utf8Length(startingWith: bytes[0]) else { continue }
            return Int32(bitPattern: String(decoding: bytes, as: UTF8.self).unicodeScalars.first?.value ?? 0xFFFD)
        }
        if count == 0 { return -2 }
        guard errno == EINTR else { return -1 }
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

/// The line being edited, and the part of it before the cursor.
private func currentLine(_ editor: OpaquePointer) -> (text: String, beforeCursor: String) {
    guard let info = el_line(editor)?.pointee else { return ("", "") }
    func text(upTo end: UnsafePointer<CChar>) -> String {
        String(
            decoding: UnsafeRawBufferPointer(start: info.buffer, count: info.buffer.distance(to: end)), as: UTF8.self)
    }
    return (text(upTo: info.lastchar), text(upTo: info.cursor))
}

/// Makes `text` the whole line, with the cursor at its end.
private func replaceLine(_ editor: OpaquePointer, with text: String) {
    _ = el_cursor(editor, Int32.max / 2)
    el_deletestr(editor, Int32(currentLine(editor).text.unicodeScalars.count))
    if !text.isEmpty { _ = el_insertstr(editor, text) }
}

/// Ctrl-C's key: with the cursor at the end of the line (so what follows is written after
/// the line), ends the reading.
private let interrupt: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editor, key in
    guard let editor else { return UInt8(CC_ERROR) }
    let line = currentLine(editor)
    if line.beforeCursor.utf8.count < line.text.utf8.count {
        // Keys pushed are read in order: to the end of the line, then Ctrl-C again.
        el_push(editor, "\u{05}\u{03}")
        return UInt8(CC_NORM)
    }
    interruptedEmptyLine = line.text.isEmpty
    endedByInterrupt = true
    return UInt8(CC_EOF)
}

/// Tab: replaces the word before the cursor with the only candidate or the candidates'
/// common beginning; when that adds nothing, lists the candidates under the line.
private let complete: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editor, _ in
    guard let editor, let completer = activeCompleter else { return UInt8(CC_ERROR) }
    let before = currentLine(editor).beforeCursor
    let candidates = completer.candidates(before: before)
    let word = String(before.reversed().prefix { !Completer.wordBreaks.contains($0) }.reversed())
    guard let first = candidates.first else { return UInt8(CC_REFRESH_BEEP) }
    let common = candidates.dropFirst().reduce(first) { shared, candidate in
        String(zip(shared, candidate).prefix { $0 == $1 }.map(\.0))
    }
    if candidates.count == 1 || (common.hasPrefix(word) && common.count > word.count) {
        el_deletestr(editor, Int32(word.unicodeScalars.count))
        _ = el_insertstr(editor, candidates.count == 1 ? first : common)
        return UInt8(CC_REFRESH)
    }
    let width = candidates.map(displayWidth(of:)).max() ?? 0
    let perRow = max(1, (terminalSize()?.columns ?? 80) / (width + 2))
    var listing = "\n"
    for (index, candidate) in candidates.enumerated() {
        listing += candidate + String(repeating: " ", count: width + 2 - displayWidth(of: candidate))
        if index % perRow == perRow - 1 || index == candidates.count - 1 { listing += "\n" }
    }
    ce_write(listing)
    return UInt8(CC_REDISPLAY)
}

/// Ctrl-R's key: searches the history, reading keys until one ends the search. Enter
/// runs the statement found; Ctrl-G, Esc or Ctrl-C give back the line as it was; any
/// other key, arrows included, keeps the statement found and then acts on it. While it
/// searches, the prompt says what is searched for and the line shows what was found on
/// one row.
private let searchHistory: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editor, _ in
    guard let editor, let history = LineEditor.activeHistory else { return UInt8(CC_ERROR) }
    let (original, beforeCursor) = currentLine(editor)
    var search = HistorySearch(entries: LineEditor.entries(of: history))
    let columns = (terminalSize()?.columns ?? 80)
    // The search draws on one row; the line it starts from may fill several.
    var rowsUp = cursorRow(after: currentPrompt + beforeCursor, columns: columns)
    func show(_ prompt: String, _ line: String) {
        setPrompt(prompt)
        replaceLine(editor, with: line)
        // The redraw starts where the prompt starts: the cursor goes there first.
        var move = rowsUp > 0 ? "\u{1B}[\(rowsUp)A" : ""
        move += "\r\u{1B}[J"
        ce_write(move)
        ce_redraw(editor)
        rowsUp = 0
    }
    /// Ends the search with `line` under the prompt, then the keys `then`.
    func end(with line: String, then keys: [UInt8] = []) -> UInt8 {
        show(currentPrompt, line)
        if !keys.isEmpty { el_push(editor, String(decoding: keys, as: UTF8.self)) }
        return UInt8(CC_NORM)
    }
    while true {
        show(search.prompt, search.oneRow(search.match ?? original, columns: columns))
        let key = readKey()
        switch key {
        case 18: search.older()
        case 0x7F, 0x08: search.deleteLast()
        case ..<0, 0x07: return end(with: original)
        case LineEditor.controlC: return end(with: original, then: [UInt8(key)])
        case 0x1B:
            let rest = escapeSequenceRest()
            return rest.isEmpty ? end(with: original) : end(with: search.match ?? original, then: [0x1B] + rest)
        case 0..<0x20: return end(with: search.match ?? original, then: [UInt8(key)])
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
