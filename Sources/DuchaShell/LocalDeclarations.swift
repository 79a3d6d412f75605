/// The `local` declarations at the top level of a REPL statement, rewritten so the
/// variables live on in the session's table of locals rather than ending with the chunk.
///
/// `local a, b <const> = 1, 2` becomes `_REPL.locals.a, _REPL.constants.b = 1, 2`, and
/// `local function f` becomes `function _REPL.locals.f`: the values are still computed
/// before the names exist, as Lua does, and the statement environment then finds them by
/// name. Declarations inside blocks and functions stay ordinary locals, and so does a
/// declaration with a `<close>` variable, which is closed when its statement ends.
/// Line breaks are kept, so messages name the lines the user typed.
enum LocalDeclarations {
    /// The global name a rewritten statement reaches the session's locals through.
    static let tableName = "_REPL"

    /// `source` with its top-level declarations rewritten.
    static func rewrite(_ source: String) -> String {
        let bytes = Array(source.utf8)
        let tokens = LuaTokens(bytes).all()
        var edits: [Edit] = []
        var depth = 0
        for (index, token) in tokens.enumerated() where token.kind == .name {
            switch token.text(in: bytes) {
            case "function", "do", "if", "repeat": depth += 1
            case "end", "until": depth -= 1
            case "local" where depth == 0: edits += Declaration(tokens: tokens, bytes: bytes).edits(at: index)
            default: break
            }
        }
        var result = bytes
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            result.replaceSubrange(edit.range, with: Array(edit.text.utf8))
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Text to put in place of a range of the source.
    private struct Edit {
        let range: Range<Int>
        let text: String
    }

    /// One `local` declaration, read from the statement's tokens.
    private struct Declaration {
        let tokens: [LuaTokens.Token]
        let bytes: [UInt8]

        private func token(_ index: Int) -> LuaTokens.Token? { index < tokens.count ? tokens[index] : nil }
        private func text(_ index: Int) -> String? { token(index)?.text(in: bytes) }

        /// The edits that turn the declaration starting at `tokens[start]` (`local`) into
        /// assignments to the session's locals; none when it stays as Lua wrote it.
        func edits(at start: Int) -> [Edit] {
            let keyword = tokens[start]
            guard let first = token(start + 1), first.kind == .name else { return [] }
            if text(start + 1) == "function" {
                guard let name = token(start + 2), name.kind == .name else { return [] }
                let removed = keyword.range.lowerBound..<name.range.lowerBound
                return [Edit(range: removed, text: "function \(tableName).locals." + lineBreaks(removed))]
            }
            let removed = keyword.range.lowerBound..<first.range.lowerBound
            var edits = [Edit(range: removed, text: lineBreaks(removed))]
            var index = start + 1
            while let name = token(index), name.kind == .name {
                var table = "locals"
                var next = index + 1
                if let open = token(next), open.kind == .symbol, text(next) == "<" {
                    guard text(next + 1) == "const", let close = token(next + 2), text(next + 2) == ">" else {
                        return []
                    }
                    let attribute = name.range.upperBound..<close.range.upperBound
                    edits.append(Edit(range: attribute, text: lineBreaks(attribute)))
                    table = "constants"
                    next += 3
                }
                let position = name.range.lowerBound
                edits.append(Edit(range: position..<position, text: "\(tableName).\(table)."))
                if text(next) == "," {
                    index = next + 1
                    continue
                }
                if text(next) != "=" {
                    let end = tokens[next - 1].range.upperBound
                    edits.append(Edit(range: end..<end, text: " = nil"))
                }
                return edits
            }
            return []
        }

        /// The line breaks of a removed range, so the lines after it keep their numbers.
        private func lineBreaks(_ range: Range<Int>) -> String {
            String(repeating: "\n", count: bytes[range].filter { $0 == UInt8(ascii: "\n") }.count)
        }
    }
}

/// Lua's tokens, enough to follow a statement's structure: names (keywords among them),
/// symbols, and the strings, numbers and comments skipped over.
struct LuaTokens {
    struct Token {
        enum Kind { case name, symbol, literal }
        let kind: Kind
        let range: Range<Int>

        func text(in bytes: [UInt8]) -> String { String(decoding: bytes[range], as: UTF8.self) }
    }

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func all() -> [Token] {
        var reader = self
        var tokens: [Token] = []
        while let token = reader.next() { tokens.append(token) }
        return tokens
    }

    private static let symbols = ["...", "..", "==", "~=", "<=", ">=", "<<", ">>", "//", "::"].map { Array($0.utf8) }

    private mutating func next() -> Token? {
        skipSpaceAndComments()
        guard position < bytes.count else { return nil }
        let start = position
        let byte = bytes[position]
        if Self.startsName(byte) {
            while position < bytes.count, Self.startsName(bytes[position]) || Self.isDigit(bytes[position]) {
                position += 1
            }
            return Token(kind: .name, range: start..<position)
        }
        if Self.isDigit(byte)
            || (byte == UInt8(ascii: ".") && position + 1 < bytes.count && Self.isDigit(bytes[position + 1]))
        {
            skipNumber()
            return Token(kind: .literal, range: start..<position)
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            skipQuoted(byte)
            return Token(kind: .literal, range: start..<position)
        }
        if byte == UInt8(ascii: "["), let level = longBracketLevel(at: position) {
            skipLongBracket(level: level)
            return Token(kind: .literal, range: start..<position)
        }
        let symbol = Self.symbols.first { bytes[position...].starts(with: $0) }
        position += symbol?.count ?? 1
        return Token(kind: .symbol, range: start..<position)
    }

    private mutating func skipSpaceAndComments() {
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: " ") || (9...13).contains(bytes[position]) {
                position += 1
            } else if bytes[position...].starts(with: Array("--".utf8)) {
                position += 2
                if let level = longBracketLevel(at: position) {
                    skipLongBracket(level: level)
                } else {
                    while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                }
            } else {
                return
            }
        }
    }

    private mutating func skipNumber() {
        while position < bytes.count {
            let byte = bytes[position]
            let previous = bytes[position - 1] | 0x20
            if Self.isDigit(byte) || Self.startsName(byte) || byte == UInt8(ascii: ".") {
                position += 1
            } else if (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-"))
                && (previous == UInt8(ascii: "e") || previous == UInt8(ascii: "p"))
            {
                position += 1
            } else {
                return
            }
        }
    }

    private mutating func skipQuoted(_ quote: UInt8) {
        position += 1
        while position < bytes.count, bytes[position] != quote, bytes[position] != UInt8(ascii: "\n") {
            position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
        }
        position = min(position + 1, bytes.count)
    }

    /// The level of a long bracket `[==[` opening at `index`, if one does.
    private func longBracketLevel(at index: Int) -> Int? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        var cursor = index + 1
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") { cursor += 1 }
        return cursor < bytes.count && bytes[cursor] == UInt8(ascii: "[") ? cursor - index - 1 : nil
    }

    private mutating func skipLongBracket(level: Int) {
        let closing = Array(("]" + String(repeating: "=", count: level) + "]").utf8)
        position += level + 2
        while position < bytes.count, !bytes[position...].starts(with: closing) { position += 1 }
        position = min(position + closing.count, bytes.count)
    }

    private static func startsName(_ byte: UInt8) -> Bool {
        ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
