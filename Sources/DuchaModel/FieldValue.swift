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

extension FieldValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(arrayLiteral elements: String...) { self = .list(elements) }
    public init(nilLiteral: ()) { self = .null }
}
