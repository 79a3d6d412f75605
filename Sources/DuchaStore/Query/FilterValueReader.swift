import DuchaModel

/// Finds the record a reference names: `text` is an id or a unique name of a record of
/// `collection`; the result is its id. Throws when no record, or several, answer to it.
public typealias ReferenceLookup = (_ text: String, _ collection: String) throws -> String

/// Reads the values a filter compares a field with exactly as imports read cells, so a
/// value the field cannot hold is an error instead of a comparison that silently matches
/// everything or nothing: dates in every accepted form become ISO and impossible ones are
/// refused; booleans come from true/false/是/否; integers from numbers or their digits;
/// codes from a code or its label; references from an id or a unique name.
struct FilterValueReader {
    let validator: RecordValidator
    let lookup: ReferenceLookup?

    /// `value` as `field` stores it; `path` names the field in messages.
    func read(_ value: QueryValue, for field: Field, path: String) throws -> QueryValue {
        do {
            return try stored(value, for: field)
        } catch let unreadable as UnreadableValue {
            throw QueryError("\(Self.shown(value)) cannot be compared with '\(path)': \(unreadable.reason)")
        }
    }

    private func stored(_ value: QueryValue, for field: Field) throws -> QueryValue {
        switch (field.type, value) {
        case (_, .null):
            return .null
        case (.integer, .integer), (.text, .text), (.identifier, .text):
            return value
        case (.integer, .number(let number)):
            guard number.isFinite else { throw UnreadableValue("not a number") }
            return number == number.rounded() && abs(number) < 0x1p63 ? .integer(Int64(number)) : value
        case (.boolean, .boolean(let flag)):
            return .integer(flag ? 1 : 0)
        case (.boolean, .integer(let integer)) where integer == 0 || integer == 1:
            return value
        case (.codes(let kind), .text(let text)):
            // A filter on a list of codes compares one code at a time.
            return .text(try validator.code(text.trimmingWhitespace(), of: kind))
        case (.reference(let target), .text(let text)), (.references(let target), .text(let text)):
            let id = text.trimmingWhitespace()
            return .text(try lookup?(id, target) ?? id)
        case (.identifier, .integer(let integer)), (.text, .integer(let integer)), (.reference, .integer(let integer)),
            (.references, .integer(let integer)):
            return .text(String(integer))
        case (_, .text(let text)):
            return try Self.queryValue(validator.value(fromText: text, for: field))
        default:
            throw UnreadableValue("expected \(Self.accepted(field.type))")
        }
    }

    private static func queryValue(_ value: FieldValue) -> QueryValue {
        switch value {
        case .null: .null
        case .text(let text): .text(text)
        case .integer(let integer): .integer(integer)
        case .boolean(let flag): .integer(flag ? 1 : 0)
        case .list(let items): .text(items.joined(separator: ";"))
        }
    }

    /// What a field of `type` accepts, for messages about values of the wrong Lua type.
    private static func accepted(_ type: FieldType) -> String {
        switch type {
        case .identifier, .text: "text"
        case .integer: "a whole number"
        case .boolean: "true or false (or 是/否)"
        case .date: "a date as text (2021-08-01, 2021/8/1, 2021年8月1日 or 8月1日)"
        case .dateTime: "a date and time as text (2021-08-01T21:00)"
        case .code(let kind), .codes(let kind): "a \(kind) code or its label, as text"
        case .reference(let target), .references(let target): "the id or name of one of \(target), as text"
        }
    }

    private static func shown(_ value: QueryValue) -> String {
        switch value {
        case .null: "nil"
        case .text(let text): "'\(text)'"
        case .integer(let integer): String(integer)
        case .number(let number): String(number)
        case .boolean(let flag): String(flag)
        }
    }
}
