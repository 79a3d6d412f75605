/// The enumerations in force in one workspace: the built-in ones, with the codes the
/// workspace added to the data-driven ones.
public struct Taxonomy: Sendable {
    public let schema: Schema
    private let enumerations: [String: Enumeration]

    /// The taxonomy of `schema` extended with `additions` (by enumeration kind).
    public init(schema: Schema = .v1, additions: [String: [EnumerationValue]] = [:]) throws {
        self.schema = schema
        var enumerations: [String: Enumeration] = [:]
        for enumeration in schema.enumerations { enumerations[enumeration.kind] = enumeration }
        for (kind, values) in additions {
            guard let enumeration = enumerations[kind] else {
                throw TaxonomyError(message: "unknown enumeration '\(kind)'")
            }
            guard enumeration.isDataDriven else {
                throw TaxonomyError(message: "the enumeration '\(kind)' is fixed and cannot be extended")
            }
            enumerations[kind] = enumeration.extended(with: values)
        }
        self.enumerations = enumerations
    }

    /// The built-in enumerations, with no additions.
    public static let builtIn = try! Taxonomy()

    /// The enumeration of `kind` with this workspace's codes.
    public func enumeration(_ kind: String) -> Enumeration? { enumerations[kind] }

    /// The Chinese label of a code, or nil if the code is not in the enumeration.
    public func label(_ kind: String, _ code: String) -> String? {
        enumerations[kind]?.value(code: code)?.label.chinese
    }
}

/// A taxonomy that could not be built.
public struct TaxonomyError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
