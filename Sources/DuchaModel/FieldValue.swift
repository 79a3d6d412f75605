/// A field's value as the model keeps it: dates and date-times as ISO text, codes and
/// ids as text, many-valued fields as lists.
public enum FieldValue: Hashable, Sendable {
    case null
    case text(String)
    case integer(Int64)
    case boolean(Bool)
    case list([String])

    /// The value as text, for messages and text files.
    public var text: String {
        switch self {
        case .null: ""
        case .text(let text): text
        case .integer(let value): String(value)
        case .boolean(let flag): flag ? "true" : "false"
        case .list(let items): items.joined(separator: ";")
        }
    }
}
