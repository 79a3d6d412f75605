import DuchaModel
import Foundation
import GRDB
import Tabular

/// Writes a collection's stored fields (derived ones are worked out again on import) in
/// the order records were added: CSV and XLSX as text, JSON with typed values. What it
/// writes, `Importer` reads back to the same records.
public struct Exporter {
    let store: Store

    public init(store: Store) { self.store = store }

    /// The collection `name` as a file of `format`; `bom` starts CSV with a UTF-8 BOM (for Excel).
    public func export(_ name: String, format: TableFormat, bom: Bool = false) throws -> Data {
        guard let collection = store.schema.collection(name) else {
            let valid = store.schema.collections.map(\.name).joined(separator: ", ")
            throw ExportError(message: "unknown collection '\(name)' (valid: \(valid))")
        }
        let fields = collection.fields.filter { $0.derivation == nil }
        switch format {
        case .csv:
            var writer = CSVWriter(encoding: .utf8, bom: bom)
            writer.write(fields.map(\.name))
            try forEachRecord(collection, fields) { values in writer.write(values.map(\.text)) }
            return try writer.data
        case .xlsx:
            var writer = try XLSXWriter(sheetName: collection.name)
            writer.write(fields.map(\.name))
            try forEachRecord(collection, fields) { values in writer.write(values.map(\.text)) }
            return try writer.data
        case .json:
            var objects: [[String: Any]] = []
            try forEachRecord(collection, fields) { values in
                var object: [String: Any] = [:]
                for (field, value) in zip(fields, values) { object[field.name] = value.jsonObject }
                objects.append(object)
            }
            return try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
        }
    }

    private func forEachRecord(_ collection: Collection, _ fields: [Field], _ body: ([FieldValue]) throws -> Void)
        throws
    {
        let quote = store.dialect.quote
        let columns = fields.map { field -> String in
            guard !field.isStoredInline else { return "x.\(quote(field.name))" }
            let table = quote(StorageLayout.valuesTable(collection, field))
            return
                "(SELECT group_concat(value, char(31)) FROM (SELECT value FROM \(table) WHERE owner = x.id ORDER BY position))"
        }
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(quote(collection.name)) x ORDER BY x.rowid"
        try store.database.read { db in
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() {
                try body(fields.indices.map { Self.value(row[$0], fields[$0]) })
            }
        }
    }

    private static func value(_ stored: DatabaseValue, _ field: Field) -> FieldValue {
        switch (stored.storage, field.type) {
        case (.null, .codes), (.null, .references): return .list([])
        case (.null, _): return .null
        case (.int64(let integer), .boolean): return .boolean(integer != 0)
        case (.int64(let integer), _): return .integer(integer)
        case (.string(let text), .codes), (.string(let text), .references):
            return .list(text.split(separator: "\u{1F}").map(String.init))
        case (.string(let text), _): return .text(text)
        default: return .text(String(describing: stored))
        }
    }

}

/// An export that cannot be made.
public struct ExportError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
