/// Why a text cannot be read as a field's value; the reason names the accepted forms.
public struct UnreadableValue: Error, Hashable, Sendable {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }
}

/// What is wrong with one value of one record.
public struct RecordIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public let collection: String
    public let field: String
    public let value: String?
    public let reason: String

    public init(collection: String, field: String, value: String?, reason: String) {
        self.collection = collection
        self.field = field
        self.value = value
        self.reason = reason
    }

    public var description: String {
        let shown = value.map { " '\($0)'" } ?? ""
        return "\(collection).\(field)\(shown): \(reason)"
    }
}

/// Checks records against the model, and reads field values from the text people put
/// in files (codes or labels, dates in Chinese forms, 是/否).
public struct RecordValidator: Sendable {
    public let taxonomy: Taxonomy
    /// The year of a date written without one (`8月1日`).
    public let defaultYear: Int?

    public init(taxonomy: Taxonomy, defaultYear: Int? = nil) {
        self.taxonomy = taxonomy
        self.defaultYear = defaultYear
    }

    /// The stored value of `field` for a cell's text. Empty text is null; several codes or
    /// references are separated by `;` (or `；`, `、`, `,`).
    public func value(fromText raw: String, for field: Field, in collection: Collection) throws(RecordIssue)
        -> FieldValue
    {
        do {
            return try value(fromText: raw, for: field)
        } catch {
            throw RecordIssue(collection: collection.name, field: field.name, value: raw, reason: error.reason)
        }
    }

    /// The stored value of `field` for `raw`, read as ``value(fromText:for:in:)`` reads a cell.
    public func value(fromText raw: String, for field: Field) throws(UnreadableValue) -> FieldValue {
        let text = raw.trimmingWhitespace()
        if text.isEmpty { return .null }
        switch field.type {
        case .identifier, .text, .reference:
            return .text(text)
        case .integer:
            guard let integer = Int64(text) else { throw UnreadableValue("not a whole number") }
            return .integer(integer)
        case .boolean:
            guard let flag = Self.boolean(text) else { throw UnreadableValue("not yes or no (是/否, true/false, 1/0)") }
            return .boolean(flag)
        case .date:
            if let date = CalendarDate(parsing: text, defaultYear: defaultYear) { return .text(date.description) }
            // Spreadsheets often keep a day as a date and time at midnight.
            if let midnight = CalendarDateTime(parsing: text, defaultYear: defaultYear),
                midnight.hour == 0 && midnight.minute == 0
            {
                return .text(midnight.date.description)
            }
            throw UnreadableValue("not a date (2021-08-01, 2021/8/1, 2021年8月1日 or 8月1日)")
        case .dateTime:
            guard let dateTime = CalendarDateTime(parsing: text, defaultYear: defaultYear) else {
                throw UnreadableValue("not a date and time (2021-08-01T21:00)")
            }
            return .text(dateTime.description)
        case .code(let kind):
            return .text(try code(text, of: kind))
        case .codes(let kind):
            var codes: [String] = []
            for item in Self.items(text) { codes.append(try code(item, of: kind)) }
            return .list(codes)
        case .references:
            return .list(Self.items(text))
        }
    }

    /// The code of `kind` that `text` names by its code or its Chinese label.
    public func code(_ text: String, of kind: String) throws(UnreadableValue) -> String {
        guard let enumeration = taxonomy.enumeration(kind) else { throw UnreadableValue("unknown enumeration \(kind)") }
        guard let value = enumeration.value(matching: text) else {
            throw UnreadableValue("unknown \(kind) (valid: \(Self.choices(enumeration)))")
        }
        return value.code
    }

    /// The problems of one value already in stored form.
    public func issues(with value: FieldValue, for field: Field, in collection: Collection) -> [RecordIssue] {
        func issue(_ reason: String) -> [RecordIssue] {
            [
                RecordIssue(
                    collection: collection.name, field: field.name, value: value == .null ? nil : value.text,
                    reason: reason)
            ]
        }
        if field.derivation != nil {
            return issue("is worked out from other fields and cannot be set")
        }
        if value == .null {
            return field.isRequired ? issue("is required") : []
        }
        switch (field.type, value) {
        case (.identifier, .text(let text)):
            return text.isEmpty || text.contains(where: \.isNewline) ? issue("not a valid id") : []
        case (.text, .text), (.reference, .text), (.integer, .integer), (.boolean, .boolean), (.references, .list):
            return []
        case (.date, .text(let text)):
            return CalendarDate(iso: text) == nil ? issue("not a real date in the form YYYY-MM-DD") : []
        case (.dateTime, .text(let text)):
            return CalendarDateTime(iso: text) == nil ? issue("not a date and time in the form YYYY-MM-DDTHH:MM") : []
        case (.code(let kind), .text(let code)):
            return unknownCode(code, kind: kind).map(issue) ?? []
        case (.codes(let kind), .list(let codes)):
            return codes.compactMap { unknownCode($0, kind: kind) }.first.map(issue) ?? []
        default:
            return issue("expected \(Self.describe(field.type)), got \(Self.describe(value))")
        }
    }

    /// The problems of a whole record: unknown fields, missing required ones, bad values.
    public func issues(with record: [String: FieldValue], in collection: Collection) -> [RecordIssue] {
        var found: [RecordIssue] = []
        for name in record.keys.sorted() where collection.field(name) == nil {
            let valid = collection.fields.filter { $0.derivation == nil }.map(\.name).joined(separator: ", ")
            found.append(
                RecordIssue(
                    collection: collection.name, field: name, value: nil, reason: "unknown field (valid: \(valid))"))
        }
        for field in collection.fields where field.derivation == nil || record[field.name] != nil {
            found += issues(with: record[field.name] ?? .null, for: field, in: collection)
        }
        return found
    }

    private func unknownCode(_ code: String, kind: String) -> String? {
        guard let enumeration = taxonomy.enumeration(kind) else { return "unknown enumeration \(kind)" }
        return enumeration.value(code: code) == nil ? "unknown \(kind) (valid: \(Self.choices(enumeration)))" : nil
    }

    private static func choices(_ enumeration: Enumeration) -> String {
        enumeration.values.map { "\($0.code) \($0.label.chinese)" }.joined(separator: ", ")
    }

    private static func items(_ text: String) -> [String] {
        text.split(whereSeparator: { ";；、,，".contains($0) })
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
    }

    private static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1", "是", "y", "t": true
        case "false", "no", "0", "否", "n", "f": false
        default: nil
        }
    }

    private static func describe(_ type: FieldType) -> String {
        switch type {
        case .identifier, .text: "text"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .date: "a date"
        case .dateTime: "a date and time"
        case .code(let kind): "a \(kind) code"
        case .codes(let kind): "a list of \(kind) codes"
        case .reference(let target): "the id of one of \(target)"
        case .references(let target): "a list of ids of \(target)"
        }
    }

    private static func describe(_ value: FieldValue) -> String {
        switch value {
        case .null: "nothing"
        case .text: "text"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .list: "a list"
        }
    }
}
