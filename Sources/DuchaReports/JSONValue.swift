/// A JSON value, written deterministically: sorted keys, two-space indentation,
/// and only the escapes JSON requires.
enum JSONValue: Equatable, ExpressibleByStringLiteral {
    case null
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(stringLiteral value: String) {
        self = .string(value)
    }

    /// The value as indented JSON text, without a trailing newline.
    func prettyPrinted(indentation: Int = 0) -> String {
        switch self {
        case .null: "null"
        case .boolean(let boolean): String(boolean)
        case .integer(let integer): String(integer)
        case .float(let float): float.isFinite ? float.description : "null"
        case .string(let string): Self.quoted(string)
        case .array(let elements): Self.array(elements, indentation: indentation)
        case .object(let members): Self.object(members, indentation: indentation)
        }
    }

    private static let indentUnit = "  "

    private static func array(_ elements: [JSONValue], indentation: Int) -> String {
        let lines = elements.map { $0.prettyPrinted(indentation: indentation + 1) }
        return enclosed(lines, in: ("[", "]"), indentation: indentation)
    }

    private static func object(_ members: [String: JSONValue], indentation: Int) -> String {
        let lines = members.keys.sorted().map { key in
            quoted(key) + ": " + members[key]!.prettyPrinted(indentation: indentation + 1)
        }
        return enclosed(lines, in: ("{", "}"), indentation: indentation)
    }

    private static func enclosed(
        _ lines: [String], in brackets: (open: String, close: String), indentation: Int
    ) -> String {
        guard !lines.isEmpty else { return brackets.open + brackets.close }
        let inner = String(repeating: indentUnit, count: indentation + 1)
        let outer = String(repeating: indentUnit, count: indentation)
        let body = lines.map { inner + $0 }.joined(separator: ",\n")
        return brackets.open + "\n" + body + "\n" + outer + brackets.close
    }

    /// A JSON string literal escaping only quotes, backslashes and control characters.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            result += escaped(scalar)
        }
        return result + "\""
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case "\u{00}"..."\u{1F}":
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default:
            return String(scalar)
        }
    }
}
