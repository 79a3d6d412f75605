/// A collection of records scripts query as `ducha.<name>`.
public struct Collection: Sendable {
    public let name: String
    public let label: Label
    /// The sensitivity of every field that does not say otherwise.
    public let sensitivity: Sensitivity
    /// Fields in their display order; the first is always `id`.
    public let fields: [Field]

    public init(_ name: String, _ label: Label, sensitivity: Sensitivity = .internal, _ fields: [Field]) {
        self.name = name
        self.label = label
        self.sensitivity = sensitivity
        self.fields = fields
    }

    /// The field named `name`, if there is one.
    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// The field whose name or Chinese or English label is `text` (import headers use either).
    public func field(matching text: String) -> Field? {
        field(text) ?? fields.first { $0.label.chinese == text || $0.label.english == text }
    }

    /// The sensitivity of a field: its own, or the collection's.
    public func sensitivity(of field: Field) -> Sensitivity { max(field.sensitivity ?? sensitivity, sensitivity) }

    /// The fields kept in the collection's own table.
    public var inlineFields: [Field] { fields.filter(\.isStoredInline) }

    /// The many-valued fields, each kept in a table of its own.
    public var manyValuedFields: [Field] {
        fields.filter { field in
            guard field.derivation == nil else { return false }
            if case .codes = field.type { return true }
            if case .references = field.type { return true }
            return false
        }
    }
}
