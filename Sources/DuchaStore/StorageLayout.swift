import DuchaModel

/// Where the model's records live: a table per collection named after it, with a column
/// per stored field, and a table per many-valued field holding `(owner, value, position)`.
public struct StorageLayout: Sendable {
    public let schema: Schema
    public let dialect: any SQLDialect

    public init(schema: Schema, dialect: any SQLDialect) {
        self.schema = schema
        self.dialect = dialect
    }

    /// The table of a many-valued field, e.g. `inspections__units`.
    public static func valuesTable(_ collection: Collection, _ field: Field) -> String {
        "\(collection.name)__\(field.name)"
    }

    /// The insert of one `(owner, value, position)` row of a many-valued field; a value
    /// listed twice is kept once.
    public func valuesInsertion(_ collection: Collection, _ field: Field) -> String {
        dialect.insert(
            into: dialect.quote(Self.valuesTable(collection, field)),
            columns: ["owner", "value", "position"].map(dialect.quote), ignoringDuplicates: true)
    }

    /// The statements that create every table and index of the schema.
    public func creationStatements() -> [String] {
        schema.collections.flatMap { collection in
            [createTable(collection)] + indexes(collection)
                + collection.manyValuedFields.flatMap { createValuesTable(collection, $0) }
        }
    }

    private func createTable(_ collection: Collection) -> String {
        let columns = collection.inlineFields.map { field -> String in
            var column = "\(dialect.quote(field.name)) \(dialect.columnType(for: field.type))"
            if field.type == .identifier { column += " PRIMARY KEY NOT NULL" }
            if field.isRequired && field.type != .identifier { column += " NOT NULL" }
            if case .reference(let target) = field.type {
                column += " REFERENCES \(dialect.quote(target))(\(dialect.quote("id")))"
            }
            return column
        }
        return "CREATE TABLE \(dialect.quote(collection.name)) (\(columns.joined(separator: ", ")))"
    }

    /// The dates reports select records by; other dates are not indexed, since every
    /// index slows every insert.
    static let indexedDates: Set<String> = [
        "inspections.started_at", "findings.found_on", "rectifications.due_on", "follow_ups.scheduled_on",
        "bulletins.issued_on", "cases.opened_on", "dispositions.decided_on", "handlings.decided_on",
    ]

    /// An index on every reference (the paths reports follow) and on the dates reports select by.
    private func indexes(_ collection: Collection) -> [String] {
        collection.inlineFields.compactMap { field in
            let isIndexedDate = Self.indexedDates.contains("\(collection.name).\(field.name)")
            switch field.type {
            case .reference,
                .date where isIndexedDate, .dateTime where isIndexedDate:
                let name = dialect.quote("\(collection.name)_\(field.name)")
                return "CREATE INDEX \(name) ON \(dialect.quote(collection.name)) (\(dialect.quote(field.name)))"
            default:
                return nil
            }
        }
    }

    private func createValuesTable(_ collection: Collection, _ field: Field) -> [String] {
        let table = Self.valuesTable(collection, field)
        let (id, owner, value, position) = (
            dialect.quote("id"), dialect.quote("owner"), dialect.quote("value"), dialect.quote("position")
        )
        let text = dialect.columnType(for: .text)
        var valueColumn = "\(value) \(text) NOT NULL"
        if case .references(let target) = field.type { valueColumn += " REFERENCES \(dialect.quote(target))(\(id))" }
        return [
            """
            CREATE TABLE \(dialect.quote(table)) (\
            \(owner) \(text) NOT NULL REFERENCES \(dialect.quote(collection.name))(\(id)) ON DELETE CASCADE, \
            \(valueColumn), \(position) \(dialect.columnType(for: .integer)) NOT NULL, PRIMARY KEY (\(owner), \(value)))
            """,
            "CREATE INDEX \(dialect.quote(table + "_value")) ON \(dialect.quote(table)) (\(value))",
        ]
    }
}
