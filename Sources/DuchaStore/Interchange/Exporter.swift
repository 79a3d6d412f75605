import DuchaModel
import Foundation
import GRDB
import Tabular

/// Writes a collection's stored fields (derived ones are worked out again on import) in
/// the order records were added: CSV and XLSX as text, JSON with typed values. What it
/// writes, `Importer` reads back to the same records: CSV text that a spreadsheet would run
/// as a formula starts with a single quote, which the import takes off again.
///
/// An export follows the user's grants: text above the user's clearance is a pseudonym,
/// as scripts see it, and a secret collection is not exported at all without the `secret`
/// grant (scripts may count its records; a file of them would carry them away).
public struct Exporter {
    let store: Store
    let identity: WorkspaceConfiguration.Identity

    /// An exporter for `identity`, whose grants say what it may see.
    public init(store: Store, identity: WorkspaceConfiguration.Identity) {
        self.store = store
        self.identity = identity
    }

    /// The collection `name` as a file of `format`; `bom` starts CSV with a UTF-8 BOM (for
    /// Excel), and `rawCSV` writes CSV text as it is, even where it starts like a formula.
    public func export(_ name: String, format: TableFormat, bom: Bool = false, rawCSV: Bool = false) throws -> Data {
        guard let collection = store.schema.collection(name) else {
            let valid = store.schema.collections.map(\.name).joined(separator: ", ")
            throw ExportError(message: "unknown collection '\(name)' (valid: \(valid))")
        }
        if collection.sensitivity == .secret && identity.clearance < .secret {
            throw AccessRefusal("exporting the secret collection \(collection.name)", needs: "secret")
        }
        let fields = collection.fields.filter { $0.derivation == nil }
        switch format {
        case .csv:
            var writer = CSVWriter(encoding: .utf8, bom: bom)
            writer.write(fields.map(\.name))
            try forEachRecord(collection, fields) { values in
                writer.write(values.map { rawCSV ? $0.text : Self.csvText($0) })
            }
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

    /// Reads the records through the query compiler scripts' queries go through, so the
    /// same text is pseudonymised. Derived fields are not exported: no as-of date is needed.
    private func forEachRecord(_ collection: Collection, _ fields: [Field], _ body: ([FieldValue]) throws -> Void)
        throws
    {
        let compiler = QueryCompiler(
            taxonomy: try store.taxonomy(), dialect: store.dialect, asOf: "", clearance: identity.clearance)
        var query = RecordQuery(collection: collection.name)
        query.selection = fields.map(\.name)
        let compiled = try compiler.compile(query)
        try store.database.read { db in
            let rows = try Row.fetchCursor(
                db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments.map(\.databaseValue)))
            while let row = try rows.next() {
                try body(fields.indices.map { Self.value(row[$0], fields[$0]) })
            }
        }
    }

    /// Integers and truth values as they are (a spreadsheet reads -3 as the number it is);
    /// text and lists made safe to open in a spreadsheet.
    private static func csvText(_ value: FieldValue) -> String {
        switch value {
        case .null, .integer, .boolean: value.text
        case .text, .list: SpreadsheetFormulas.neutralized(value.text)
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
