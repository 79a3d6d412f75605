/// The supervision data model: every collection, field, relationship and enumeration
/// scripts see.
public struct Schema: Sendable {
    public let collections: [Collection]
    public let enumerations: [Enumeration]

    /// Version 1 of the model, as DOMAIN.md fixes it.
    public static let v1 = Schema(collections: CollectionCatalogue.all, enumerations: EnumerationCatalogue.all)

    public init(collections: [Collection], enumerations: [Enumeration]) {
        self.collections = collections
        self.enumerations = enumerations
    }

    /// The collection named `name`, if there is one.
    public func collection(_ name: String) -> Collection? { collections.first { $0.name == name } }

    /// The built-in enumeration of `kind`, if there is one.
    public func enumeration(_ kind: String) -> Enumeration? { enumerations.first { $0.kind == kind } }

    /// The collections in an order where every reference points to an earlier one or to
    /// its own collection, so records can be loaded in that order. References in a cycle
    /// (bodies ↔ units) keep the catalogue's order.
    public var collectionsInDependencyOrder: [Collection] {
        var placed: [String] = []
        var remaining = collections
        while !remaining.isEmpty {
            let ready = remaining.firstIndex { collection in
                collection.fields.allSatisfy { field in
                    guard field.derivation == nil, let target = field.referencedCollection else { return true }
                    return target == collection.name || placed.contains(target)
                        || !remaining.contains { $0.name == target }
                }
            }
            let next = remaining.remove(at: ready ?? 0)
            placed.append(next.name)
        }
        return placed.compactMap(collection)
    }

    /// The collections whose records point to `target`, each once, in schema order: the
    /// backward paths a query may follow from it (`units.findings`).
    public func collections(pointingInto target: String) -> [String] {
        var names: [String] = []
        for relationship in relationships(into: target) where !names.contains(relationship.collection.name) {
            names.append(relationship.collection.name)
        }
        return names
    }

    /// The relationships into `target`, as `(collection, field)` pairs: each can be
    /// followed backwards under the source collection's name (`units.findings`).
    public func relationships(into target: String) -> [(collection: Collection, field: Field)] {
        collections.flatMap { collection in
            collection.fields.compactMap { field in
                field.derivation == nil && field.referencedCollection == target ? (collection, field) : nil
            }
        }
    }
}
