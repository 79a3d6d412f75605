import DuchaModel
import DuchaReports
import DuchaStore
import Foundation
import GRDB
import GRDBSQLite
import LuaKit

/// Builds the `ducha` table of a state: the version facts, the workspace's collections
/// as queries, aggregates, `schema`, `label`, `codes`, `sql`, and the `ducha.report` module.
struct DuchaLibrary {
    let state: LuaState
    let workspace: Workspace?
    let queries: QueryHost?
    let asOf: String
    /// The report document scripts build, as a Lua array of blocks.
    let document: LuaReference
    /// Where `report.save` may write a path: the path to use, or an error.
    let savePath: (String) throws -> String

    /// The `ducha` table and the `ducha.report` module.
    func install() throws -> (ducha: LuaValue, report: LuaValue) {
        var host = queries?.functions(in: state, document: document) ?? LuaTable()
        if queries == nil {
            host["collections"] = .table(LuaTable())
            host["document"] = .tableReference(document)
        }
        let document = document
        let savePath = savePath
        host["save"] = state.function("save") { call in
            let path = try savePath(try call.string(1))
            let formatName = call.isNil(2) ? nil : try call.string(2)
            let format = try formatName.map { name in
                guard let format = ReportFormat(rawValue: name) else {
                    let valid = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
                    throw LuaArgumentError(position: 2, reason: "unknown format '\(name)' (valid: \(valid))")
                }
                return format
            }
            try ReportOutput.save(ReportOutput.document(from: call.state.value(of: document)), to: path, format: format)
        }
        let prelude = try state.load(bytes: PackageResources.prelude_lua, name: "=ducha")
        let results = try state.callReturningReferences(prelude, [.table(host)])
        guard results.count == 2, let ducha = results[0], let report = results[1] else {
            throw LuaError(kind: .runtime, message: "the ducha prelude returned no table")
        }
        func set(_ name: String, _ value: LuaValue) throws { try state.rawSet(ducha, LuaValue(name), value) }
        try set("version", LuaValue(DuchaAPI.version))
        try set("api", LuaValue(DuchaAPI.apiVersion))
        try set("as_of", LuaValue(asOf))
        if let workspace {
            try set(
                "workspace",
                ["name": LuaValue(workspace.configuration.name), "path": LuaValue(workspace.directory.path)])
        }
        let taxonomy = try queries?.compiler.taxonomy ?? Taxonomy()
        try set("schema", state.function("schema") { call in try call.push(.table(Self.schemaTable(taxonomy))) })
        try set(
            "label",
            state.function("label") { call in
                let kind = try call.string(1)
                guard let enumeration = taxonomy.enumeration(kind) else {
                    throw LuaArgumentError(
                        position: 1, reason: "unknown enumeration '\(kind)' (valid: \(Self.kinds(taxonomy)))")
                }
                try call.push(enumeration.value(code: try call.string(2)).map { LuaValue($0.label.chinese) } ?? .nil)
            })
        try set(
            "codes",
            state.function("codes") { call in
                let kind = try call.string(1)
                guard let enumeration = taxonomy.enumeration(kind) else {
                    throw LuaArgumentError(
                        position: 1, reason: "unknown enumeration '\(kind)' (valid: \(Self.kinds(taxonomy)))")
                }
                try call.push(.table(LuaTable(sequence: enumeration.values.map { LuaValue($0.code) })))
            })
        try set(
            "days_between",
            state.function("days_between") { call in
                func date(_ position: Int) throws -> CalendarDate {
                    let text = try call.string(position)
                    guard let date = CalendarDate(iso: text) else {
                        throw LuaArgumentError(
                            position: position, reason: "'\(text)' is not a date in the form YYYY-MM-DD")
                    }
                    return date
                }
                call.push(Int64(try date(2).dayNumber - date(1).dayNumber))
            })
        if let queries { try set("sql", sqlFunction(queries)) }
        return (.tableReference(ducha), .tableReference(report))
    }

    private static func kinds(_ taxonomy: Taxonomy) -> String {
        taxonomy.schema.enumerations.map(\.kind).joined(separator: ", ")
    }

    /// `ducha.schema()`: collections with their fields, and enumerations with their codes.
    static func schemaTable(_ taxonomy: Taxonomy) -> LuaTable {
        var collections = LuaTable()
        for collection in taxonomy.schema.collections {
            let fields = collection.fields.map { field -> LuaValue in
                var entry: LuaTable = [
                    "name": LuaValue(field.name), "label": LuaValue(field.label.chinese),
                    "label_en": LuaValue(field.label.english), "type": LuaValue(field.type.name),
                    "required": .boolean(field.isRequired),
                    "sensitivity": LuaValue(collection.sensitivity(of: field).description),
                    "derived": .boolean(field.derivation != nil),
                ]
                if let target = field.referencedCollection { entry["target"] = LuaValue(target) }
                if let kind = field.enumerationKind { entry["enumeration"] = LuaValue(kind) }
                return .table(entry)
            }
            collections[collection.name] = [
                "label": LuaValue(collection.label.chinese), "label_en": LuaValue(collection.label.english),
                "fields": .table(LuaTable(sequence: fields)),
            ]
        }
        var enumerations = LuaTable()
        for kind in taxonomy.schema.enumerations.map(\.kind) {
            guard let enumeration = taxonomy.enumeration(kind) else { continue }
            enumerations[kind] = .table(
                LuaTable(
                    sequence: enumeration.values.map { value in
                        [
                            "code": LuaValue(value.code), "label": LuaValue(value.label.chinese),
                            "label_en": LuaValue(value.label.english),
                        ]
                    }))
        }
        return ["collections": .table(collections), "enumerations": .table(enumerations)]
    }

    /// `ducha.sql(sql, params)`: read-only SQL; columns the reader may not see read as nil.
    private func sqlFunction(_ queries: QueryHost) -> LuaValue {
        state.function("sql") { call in
            let sql = try call.string(1)
            let parameters = call.isNil(2) ? [] : (try call.value(2)).tableValue?.sequence ?? []
            try queries.pushSQLRows(sql, parameters: parameters, into: &call)
        }
    }
}
