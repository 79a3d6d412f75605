import DuchaModel
import Foundation

/// Tab completion in the REPL: what may stand for the word before the cursor, judged
/// from the text before it — members after `ducha.`, the receiver's methods after `:`,
/// field names and dotted paths inside `where{...}` and `select(...)`, codes after a
/// field that has them, meta commands, report names and file paths, and otherwise Lua's
/// keywords and the session's names.
///
/// The word is what follows the last of ``wordBreaks``, as libedit sees it; candidates
/// are what may replace that word.
final class Completer {
    let schema: Schema
    let taxonomy: Taxonomy
    /// The names a dotted prefix (`string`, `ducha`) holds in the session.
    let members: (String) -> [String]
    /// The methods the value at a dotted path offers after `:`.
    let methods: (String) -> [String]
    /// The reports `:run` may name, as they are now.
    let reports: () -> [String]
    /// The commands enabled plugins add (`:NAME`).
    let commands: [String]
    /// The output formats enabled plugins add.
    let formats: [String]

    init(
        taxonomy: Taxonomy, reports: @escaping () -> [String], commands: [String] = [], formats: [String] = [],
        members: @escaping (String) -> [String], methods: @escaping (String) -> [String]
    ) {
        self.taxonomy = taxonomy
        self.schema = taxonomy.schema
        self.reports = reports
        self.commands = commands
        self.formats = formats
        self.members = members
        self.methods = methods
    }

    static let keywords = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil",
        "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]
    static let pathMethods = [
        "select", "group_by", "order_by", "count_by", "count_distinct", "sum", "avg", "min", "max", "where", "field",
    ]
    static let wordBreaks = Set(" \t\n\"'`@$><=;|&{}()[],:.")

    /// The candidates for the word that ends `line` (the text before the cursor).
    func candidates(before line: String) -> [String] {
        let word = String(line.reversed().prefix { !Self.wordBreaks.contains($0) }.reversed())
        if let (command, typed) = fileArgument(line) {
            let files = paths(completing: typed, luaOnly: command == "run").map {
                String($0.dropFirst(max(0, typed.count - word.count)))
            }
            let names = command == "run" && !typed.contains("/") ? reports() : []
            return (names + files).filter { $0.hasPrefix(word) }.sorted()
        }
        let head = String(line.dropLast(word.count))
        return Set(options(head: head)).filter { $0.hasPrefix(word) }.sorted()
    }

    private func options(head: String) -> [String] {
        if head.hasPrefix(":") { return metaOptions(head) }
        if let codes = codeOptions(head) { return codes }
        if let (collection, path) = fieldContext(head) { return fields(collection, following: path) }
        if head.hasSuffix(":") {
            let receiver = Self.trailingPath(head.dropLast())
            if !receiver.isEmpty { return methods(receiver) }
            return queryChainRoot(head).map(methods) ?? []
        }
        if head.hasSuffix(".") { return members(Self.trailingPath(head.dropLast())) }
        return Self.keywords + members("")
    }

    /// The dotted name that ends `text` (`ducha.findings` in `n = ducha.findings`).
    private static func trailingPath(_ text: Substring) -> String {
        String(text.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed())
    }

    private func metaOptions(_ head: String) -> [String] {
        // A command that takes an argument completes with the space before it.
        if head == ":" {
            return ReplCommands.names.map { ReplCommands.withoutArgument.contains($0) ? $0 : $0 + " " }
                + commands.map { $0 + " " }
        }
        let command = head.dropFirst().prefix { !$0.isWhitespace }
        switch command {
        case "schema": return schema.collections.map(\.name)
        case "format": return ["table", "markdown", "csv", "json", "html"] + formats
        case "help": return ReplCommands.topics.keys.sorted()
        default: return []
        }
    }

    /// After `:load ` or `:run `: the command and the path typed so far.
    private func fileArgument(_ line: String) -> (String, String)? {
        guard let match = line.firstMatch(of: #/^:(load|run)[ \t]+(.*)$/#) else { return nil }
        return (String(match.1), String(match.2))
    }

    /// The files and folders (with a trailing `/`) whose paths start with `typed`; only
    /// Lua files besides folders when `luaOnly`.
    private func paths(completing typed: String, luaOnly: Bool) -> [String] {
        let folder = typed.contains("/") ? String(typed[...typed.lastIndex(of: "/")!]) : ""
        let start = typed.dropFirst(folder.count)
        let directory = NSString(string: folder.isEmpty ? "." : folder).expandingTildeInPath
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(start) && (start.hasPrefix(".") || !$0.hasPrefix(".")) }.compactMap { name in
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isFolder)
            if isFolder.boolValue { return folder + name + "/" }
            return !luaOnly || name.hasSuffix(".lua") ? folder + name : nil
        }
    }

    /// `ducha.<collection>` when `head` ends in a chain of its methods and a `:`
    /// (`ducha.findings:where{...}:`).
    private func queryChainRoot(_ head: String) -> String? {
        guard let root = head.ranges(of: #/ducha\.[a-z_]+/#).last else { return nil }
        var rest = head[root.upperBound...].drop(while: \.isWhitespace)
        while rest.first == ":" {
            rest = rest.dropFirst().drop(while: \.isWhitespace)
            if rest.isEmpty { return String(head[root]) }
            let method = rest.prefix { $0.isLetter || $0 == "_" }
            guard !method.isEmpty else { return nil }
            rest = rest.dropFirst(method.count).drop(while: \.isWhitespace)
            guard let afterArguments = Self.skipArguments(rest) else { return nil }
            rest = afterArguments.drop(while: \.isWhitespace)
        }
        return nil
    }

    /// `text` after the call arguments it starts with (`(...)`, `{...}` or a string).
    private static func skipArguments(_ text: Substring) -> Substring? {
        guard let opening = text.first, "({\"'".contains(opening) else { return nil }
        var depth = 0
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == "\\" { index = text.index(after: index) } else if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if "({[".contains(character) {
                depth += 1
            } else if ")}]".contains(character) {
                depth -= 1
            }
            if index < text.endIndex { index = text.index(after: index) }
            if depth == 0 && quote == nil { return text[index...] }
        }
        return nil
    }

    /// The last `ducha.<collection>` in `head`, and the text after it.
    private func collectionContext(_ head: String) -> (Collection, Substring)? {
        guard let match = head.matches(of: #/ducha\.([a-z_]+)/#).last,
            let collection = schema.collection(String(match.1))
        else { return nil }
        return (collection, head[match.range.upperBound...])
    }

    /// Inside `where{` or a path method's open string after `ducha.<collection>`: the
    /// collection and the dotted path typed so far.
    private func fieldContext(_ head: String) -> (Collection, [String])? {
        guard let (collection, tail) = collectionContext(head) else { return nil }
        let openBraces = tail.filter { $0 == "{" }.count - tail.filter { $0 == "}" }.count
        let inWhere = tail.contains(":where") && openBraces > 0
        let openQuotes = tail.filter { $0 == "\"" || $0 == "'" }.count % 2 == 1
        let inPathMethod =
            openQuotes && Self.pathMethods.contains { tail.contains(":\($0)(") || tail.contains("ducha.\($0)(") }
        guard inWhere || inPathMethod else { return nil }
        let path = Self.trailingPath(tail).split(separator: ".", omittingEmptySubsequences: false).dropLast()
        return (collection, path.map(String.init))
    }

    /// The codes a value may take where a condition compares a field with codes:
    /// `where{ category = "` or `where("category", "=", "`; nil elsewhere.
    private func codeOptions(_ head: String) -> [String]? {
        guard let (collection, tail) = collectionContext(head) else { return nil }
        if let match = tail.firstMatch(of: #/:where\(\s*["']([a-z_.]+)["']\s*,\s*["'](=|~=)["']\s*,\s*["']$/#) {
            return field(at: match.1.split(separator: ".").map(String.init), in: collection).map(codes) ?? []
        }
        let openBraces = tail.filter { $0 == "{" }.count - tail.filter { $0 == "}" }.count
        guard tail.contains(":where"), openBraces > 0, let match = tail.firstMatch(of: #/([a-z_]+)\s*=\s*["']$/#) else {
            return nil
        }
        return collection.field(String(match.1)).map(codes) ?? []
    }

    private func codes(_ field: Field) -> [String] {
        guard let kind = field.enumerationKind, let enumeration = taxonomy.enumeration(kind) else { return [] }
        return enumeration.values.map(\.code)
    }

    /// The field a dotted path reaches from `collection`.
    private func field(at path: [String], in collection: Collection) -> Field? {
        guard let name = path.last, let owner = reached(collection, following: path.dropLast()) else { return nil }
        return owner.field(name)
    }

    /// The collection a dotted path of references and backward relationships reaches.
    private func reached(_ collection: Collection, following path: some Sequence<String>) -> Collection? {
        var current = collection
        for step in path {
            guard let target = current.field(step)?.referencedCollection ?? schema.collection(step)?.name,
                let next = schema.collection(target)
            else { return nil }
            current = next
        }
        return current
    }

    /// The fields (and backward relationships) of the collection a path reaches.
    private func fields(_ collection: Collection, following path: [String]) -> [String] {
        guard let current = reached(collection, following: path) else { return [] }
        let names = current.fields.map(\.name)
        return names + schema.collections(pointingInto: current.name).filter { !names.contains($0) }
    }
}
