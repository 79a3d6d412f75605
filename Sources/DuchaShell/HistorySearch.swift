import DuchaReports
import Foundation

/// Ctrl-R: a search back through the history for the statements that contain what is
/// typed, newest first, as bash's reverse-i-search does.
///
/// libedit has its own, but it looks each key up by its low byte only, so that a quarter
/// of Chinese characters (一 U+4E00, 三 U+4E09, 五 U+4E94, …) end its search instead of
/// being searched for, and arrow keys leave escape codes in the line.
struct HistorySearch {
    /// The history, oldest first.
    private let entries: [String]
    /// What is searched for.
    private(set) var query = ""
    /// The index in `entries` of the statement found, if any.
    private(set) var matchIndex: Int?
    /// Whether the last search found nothing (the previous match stays shown).
    private(set) var failed = false

    init(entries: [String]) { self.entries = entries }

    /// The statement found, if any.
    var match: String? { matchIndex.map { entries[$0] } }

    /// Adds text to what is searched for; the match stays if it still contains it.
    mutating func type(_ text: String) {
        query += text
        search(from: matchIndex ?? entries.count - 1)
    }

    /// Takes the last character off what is searched for and searches again from the newest.
    mutating func deleteLast() {
        guard !query.isEmpty else { return }
        query.removeLast()
        matchIndex = nil
        failed = false
        if !query.isEmpty { search(from: entries.count - 1) }
    }

    /// Ctrl-R again: the next older statement that contains the query.
    mutating func older() {
        guard !query.isEmpty else { return }
        search(from: (matchIndex ?? entries.count) - 1)
    }

    private mutating func search(from start: Int) {
        guard start >= 0 else {
            failed = true
            return
        }
        if let found = entries[...min(start, entries.count - 1)].lastIndex(where: { $0.contains(query) }) {
            matchIndex = found
            failed = false
        } else {
            failed = true
        }
    }

    /// The prompt while searching: what is searched for, and whether it was found.
    var prompt: String { "(\(failed ? "未找到" : "历史搜索"))`\(query)': " }

    /// A statement shown on one row after the prompt, of a terminal `columns` wide: its
    /// lines joined with ⏎, cut at the edge.
    func oneRow(_ statement: String, columns: Int) -> String {
        var room = columns - 1 - displayWidth(of: prompt)
        var shown = ""
        for character in statement.replacingOccurrences(of: "\n", with: " ⏎ ") {
            room -= displayWidth(of: character)
            guard room >= 0 else { break }
            shown.append(character)
        }
        return shown
    }
}
