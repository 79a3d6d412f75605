/// What a field holds.
public enum FieldType: Hashable, Sendable {
    /// The record's identifier: a non-empty string such as `body:anhua`.
    case identifier
    case text
    case integer
    case boolean
    /// A calendar day, `2021-08-01`.
    case date
    /// A local date and time to the minute, `2021-08-01T21:00`.
    case dateTime
    /// One code of the named enumeration.
    case code(String)
    /// Any number of codes of the named enumeration.
    case codes(String)
    /// The id of a record of the named collection (a to-one relationship).
    case reference(String)
    /// The ids of any number of records of the named collection (a to-many relationship).
    case references(String)

    /// The type's name as scripts and the REPL show it (`ducha.schema()`).
    public var name: String {
        switch self {
        case .identifier: "id"
        case .text: "text"
        case .integer: "integer"
        case .boolean: "boolean"
        case .date: "date"
        case .dateTime: "datetime"
        case .code: "code"
        case .codes: "codes"
        case .reference: "reference"
        case .references: "references"
        }
    }
}

/// How a field that is not stored is worked out.
public enum Derivation: Hashable, Sendable {
    /// The value at the end of a dotted path of to-one relationships, e.g. `region.county`.
    case path(String)
    /// A rectification past its due date and not done or verified as of the as-of date.
    case overdue
}

/// A field of a collection.
public struct Field: Hashable, Sendable {
    public let name: String
    public let type: FieldType
    public let label: Label
    public let isRequired: Bool
    public let sensitivity: Sensitivity?
    /// Set for a field that is worked out rather than stored.
    public let derivation: Derivation?

    public init(
        _ name: String, _ type: FieldType, _ label: Label, required: Bool = false,
        sensitivity: Sensitivity? = nil, derivation: Derivation? = nil
    ) {
        self.name = name
        self.type = type
        self.label = label
        self.isRequired = required
        self.sensitivity = sensitivity
        self.derivation = derivation
    }

    /// Whether the field is kept in the collection's own table (not derived, not many-valued).
    public var isStoredInline: Bool {
        guard derivation == nil else { return false }
        switch type {
        case .codes, .references: return false
        default: return true
        }
    }

    /// The collection a reference field points to.
    public var referencedCollection: String? {
        switch type {
        case .reference(let target), .references(let target): target
        default: nil
        }
    }

    /// The enumeration a code field draws from.
    public var enumerationKind: String? {
        switch type {
        case .code(let kind), .codes(let kind): kind
        default: nil
        }
    }
}
