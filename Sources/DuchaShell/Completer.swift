import DuchaModel
import Foundation

/// Tab completion in the REPL: what may stand for the word before the cursor, judged
/// from the text before it — members after `ducha.`, methods after `:`, field names and
/// dotted paths inside `where{...}` and `select(...)`, codes after a field that has
/// them, meta commands, report names and file paths, and otherwise Lua's keywords and
/// the session's globals.
final class Completer {
    let schema: Schema
    let taxonomy: Taxonomy
    /// The names a dotted prefix (`string`, `ducha`) holds in the session.
    let members: (String) -> [String]
    let reports: [String]
    /// The commands enabled plugins add (`:NAME`).
    let commands: [String]
    /// The output formats enabled plugins add.
    let formats: [String]

    init(
        taxonomy: Taxonomy, reports: [String], commands: [String] = [], formats: [String] = [],
        members: @escaping (String) -> [String]
    ) {
        self.taxonomy = taxonomy
        self.schema = taxonomy.schema
        self.reports = reports
        self.commands = commands
        self.formats = formats
        self.members = members
    }

    static let keywords = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil",
        "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]
    static let queryMethods = [
        "where", "where_any", "order_by", "limit", "offset", "select", "count", "first", "rows", "each", "count_by",
        "group_by", "agg", "explain", "insert", "update", "delete",
    ]
    static let pathMethods = [
        "select", "group_by", "order_by", "count_by", "count_distinct", "sum", "avg", "min", "max",
    ]
    static let wordBreaks = Set(" \t\n\"'`@$><=;|&{}()[],:.")

    /// The candidates for the word that ends `line` (the text before the cursor).
    func candidates(before line: String) -> [String] {
        let word = String(line.reversed().prefix { !Self.wordBreaks.contains($0) }.reversed())
        let head = String(line.dropLast(word.count))
        return options(head: head).filter { $0.hasPrefix(word) }.sorted()
    }

    private func options(head: String) -> [String] {
        if head.hasPrefix(":") { return metaOptions(head) }
        if let (collection, path) = fieldContext(head) {
            if let field = codeField(head, collection: collection) { return codes(field) }
            return fields(collection, following: path)
        }
        if head.hasSuffix(":") { return Self.queryMethods }
        if head.hasSuffix(".") {
            let base = String(
                head.dropLast().reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed())
            return members(base)
        }
        return Self.keywords + members("")
    }

    private func metaOptions(_ head: String) -> [String] {
        if head == ":" { return ReplCommands.names + commands }
        let command = head.dropFirst().prefix { !$0.isWhitespace }
        switch command {
        case "run": return reports
        case "load": return files(matching: String(head.drop(while: { !$0.isWhitespace }).dropFirst()))
        case "schema": return schema.collections.map(\.name)
        case "format": return ["table", "markdown", "csv", "json", "html"] + formats
        default: return []
        }
    }

    private func files(matching typed: String) -> [String] {
        let folder = (typed as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") }
    }

    /// Inside `where{` or a path method's open string after `ducha.<collection>`: the
    /// collection and the dotted path typed so far.
    private func fieldContext(_ head: String) -> (Collection, [String])? {
        guard let range = head.range(of: #"ducha\.([a-z_]+)"#, options: [.regularExpression, .backwards]),
            let collection = schema.collection(String(head[range].dropFirst("ducha.".count)))
        else { return nil }
        let tail = String(head[range.upperBound...])
        let openBraces = tail.filter { $0 == "{" }.count - tail.filter { $0 == "}" }.count
        let inWhere = tail.contains(":where") && openBraces > 0
        let openQuotes = tail.filter { $0 == "\"" || $0 == "'" }.count % 2 == 1
        let inPathMethod =
            openQuotes && Self.pathMethods.contains { tail.contains(":\($0)(") || tail.contains("ducha.\($0)(") }
        guard inWhere || inPathMethod else { return nil }
        let token = tail.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed()
        let path = String(token).split(separator: ".", omittingEmptySubsequences: false).dropLast().map(String.init)
        return (collection, path)
    }

    /// `field = "` inside where{...}: the field whose codes complete the value.
    private func codeField(_ head: String, collection: Collection) -> Field? {
        guard let match = head.range(of: #"([a-z_]+)\s*=\s*["']$"#, options: .regularExpression) else { return nil }
        let name = head[match].prefix { $0.isLetter || $0 == "_" }
        return collection.field(String(name)).flatMap { $0.enumerationKind == nil ? nil : $0 }
    }

    private func codes(_ field: Field) -> [String] {
        guard let kind = field.enumerationKind, let enumeration = taxonomy.enumeration(kind) else { return [] }
        return enumeration.values.map(\.code)
    }

    /// The fields (and backward relationships) of the collection a path reaches.
    private func fields(_ collection: Collection, following path: [String]) -> [String] {
        var current = collection
        for step in path {
            guard let target = current.field(step)?.referencedCollection ?? schema.collection(step)?.name,
                let next = schema.collection(target)
            else { return [] }
            current = next
        }
        var names = current.fields.map(\.name)
        for relationship in schema.relationships(into: current.name) where !names.contains(relationship.collection.name)
        {
            names.append(relationship.collection.name)
        }
        return names
    }
}
