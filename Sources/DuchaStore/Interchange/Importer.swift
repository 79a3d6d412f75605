import DuchaModel
import Foundation
import GRDB
import Tabular

/// How `ducha import` reads a file.
public struct ImportOptions: Sendable {
    /// The collection to import into; when nil, the file's name says (`findings.csv`, `发现问题.xlsx`).
    public var collection: String?
    public var encoding: TextEncoding
    /// The XLSX sheet; the first when nil.
    public var sheet: String?
    /// The year of dates written without one (`8月1日`).
    public var year: Int?
    /// Validate everything, write nothing.
    public var dryRun: Bool

    public init(
        collection: String? = nil, encoding: TextEncoding = .utf8, sheet: String? = nil, year: Int? = nil,
        dryRun: Bool = false
    ) {
        self.collection = collection
        self.encoding = encoding
        self.sheet = sheet
        self.year = year
        self.dryRun = dryRun
    }
}

/// One bad cell or row of an import.
public struct ImportProblem: Equatable, Sendable, CustomStringConvertible {
    /// The row as people see it: the CSV line, the spreadsheet row, the JSON record.
    public let row: Int?
    public let column: String?
    public let value: String?
    public let reason: String

    public var description: String {
        var place: [String] = []
        if let row { place.append("row \(row)") }
        if let column { place.append("column \(column)") }
        var parts: [String] = []
        if !place.isEmpty { parts.append(place.joined(separator: ", ")) }
        if let value { parts.append("'\(value)'") }
        return (parts + [reason]).joined(separator: ": ")
    }
}

/// An import refused: every problem found (the first 100 listed); nothing was written.
public struct ImportFailure: Error, CustomStringConvertible {
    public let file: String
    public let problems: [ImportProblem]

    public var description: String {
        let listed = problems.prefix(100).map { "  \($0)" }
        let more = problems.count > 100 ? ["  … and \(problems.count - 100) more problems"] : []
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return (["\(file): \(count); nothing was imported"] + listed + more).joined(separator: "\n")
    }
}

/// What an import did.
public struct ImportSummary: Equatable, Sendable {
    public let collection: String
    public let records: Int
    public let dryRun: Bool
}

/// Reads records from a file into a collection, as one transaction: labels become codes,
/// Chinese dates become ISO, references may be ids or unique names; if any row is bad,
/// nothing is written and every bad row is reported.
public struct Importer {
    let store: Store
    let taxonomy: Taxonomy

    public init(store: Store) throws {
        self.store = store
        taxonomy = try store.taxonomy()
    }

    /// Imports `file`; `progress` is told the number of rows read so far now and then.
    public func importFile(
        _ file: URL, options: ImportOptions, progress: ((Int) -> Void)? = nil
    ) throws -> ImportSummary {
        let name = file.lastPathComponent
        func failure(_ problem: ImportProblem) -> ImportFailure { ImportFailure(file: name, problems: [problem]) }
        guard let format = TableFormat(fileName: name) else {
            throw failure(
                ImportProblem(
                    row: nil, column: nil, value: nil, reason: "unknown file type (use .csv, .json, .jsonl or .xlsx)"))
        }
        guard let collection = try collection(for: file, options: options) else {
            let valid = store.schema.collections.map(\.name).joined(separator: ", ")
            throw failure(
                ImportProblem(
                    row: nil, column: nil, value: options.collection,
                    reason: "which collection? name it with --into (valid: \(valid))"))
        }
        let data: Data
        do {
            data = try Data(contentsOf: file, options: .mappedIfSafe)
        } catch {
            throw failure(
                ImportProblem(
                    row: nil, column: nil, value: nil, reason: "cannot read the file (\(error.localizedDescription))"))
        }
        let validator = RecordValidator(taxonomy: taxonomy, defaultYear: options.year ?? Self.currentYear())
        var session = ImportSession(collection: collection, validator: validator, store: store)
        do {
            try store.write(validator: validator, commit: !options.dryRun) { inserter in
                try TableSource(data: data, format: format, encoding: options.encoding, sheet: options.sheet).read(
                    header: { try session.readHeader($0) },
                    row: { fields, row in
                        if let record = session.record(fields, row: row) { try inserter.insert(record) }
                        if session.rows % 50_000 == 0 { progress?(session.rows) }
                    })
                if !session.problems.isEmpty { inserter.refuse() }
            }
        } catch let error as ImportFailure {
            throw ImportFailure(file: name, problems: error.problems)
        } catch let error as TabularError {
            throw failure(
                ImportProblem(row: error.line, column: error.column.map { "\($0)" }, value: nil, reason: error.reason))
        } catch let rejection as WriteRejection {
            throw ImportFailure(file: name, problems: session.problems + rejection.issues.map(session.problem))
        }
        return ImportSummary(collection: collection.name, records: session.rows, dryRun: options.dryRun)
    }

    private func collection(for file: URL, options: ImportOptions) throws -> Collection? {
        if let named = options.collection {
            return store.schema.collection(named) ?? store.schema.collections.first { $0.label.chinese == named }
        }
        let stem = file.deletingPathExtension().lastPathComponent
        return store.schema.collection(stem) ?? store.schema.collections.first { $0.label.chinese == stem }
    }

    private static func currentYear() -> Int { Calendar(identifier: .gregorian).component(.year, from: Date()) }
}

/// The state of one import: the columns, the row numbers of the records written, the
/// problems found, and the names references may use.
private struct ImportSession {
    let collection: Collection
    let validator: RecordValidator
    let store: Store
    var columns: [Field?] = []
    var headers: [String] = []
    var problems: [ImportProblem] = []
    /// The row number of each record handed to the store, by write position.
    var recordRows: [Int] = []
    var rows = 0
    /// For each referenced collection: its ids, and each name's ids.
    var referenceTargets: [String: (ids: Set<String>, names: [String: [String]])] = [:]

    init(collection: Collection, validator: RecordValidator, store: Store) {
        self.collection = collection
        self.validator = validator
        self.store = store
    }

    mutating func readHeader(_ fields: [String]) throws {
        headers = fields
        for (index, header) in fields.enumerated() {
            let name = header.trimmingCharacters(in: .whitespaces)
            guard let field = collection.field(matching: name) else {
                let valid = collection.fields.filter { $0.derivation == nil }.map { "\($0.name) (\($0.label.chinese))" }
                problems.append(
                    ImportProblem(
                        row: 1, column: "\(index + 1)", value: header,
                        reason: "unknown column for \(collection.name) (valid: \(valid.joined(separator: ", ")))"))
                columns.append(nil)
                continue
            }
            if field.derivation != nil {
                problems.append(
                    ImportProblem(
                        row: 1, column: "\(index + 1)", value: header,
                        reason: "is worked out from other fields and cannot be imported"))
            }
            if columns.contains(where: { $0?.name == field.name }) {
                problems.append(
                    ImportProblem(
                        row: 1, column: "\(index + 1)", value: header, reason: "names \(field.name) a second time"))
            }
            columns.append(field)
        }
        if !columns.contains(where: { $0?.name == "id" }) {
            problems.append(ImportProblem(row: 1, column: nil, value: nil, reason: "no id column"))
        }
        if !problems.isEmpty { throw ImportFailure(file: "", problems: problems) }
    }

    /// The record of a row, or nil (with the problems noted) if a cell is bad.
    mutating func record(_ fields: [String], row: Int) -> Record? {
        rows += 1
        guard fields.count == columns.count else {
            problems.append(
                ImportProblem(
                    row: row, column: nil, value: nil,
                    reason: "expected \(columns.count) columns, found \(fields.count)"))
            return nil
        }
        var values: [String: FieldValue] = [:]
        var bad = false
        for (index, text) in fields.enumerated() {
            guard let field = columns[index] else { continue }
            do {
                var value = try validator.value(fromText: text, for: field, in: collection)
                if let target = field.referencedCollection { value = resolve(value, in: target) }
                values[field.name] = value
            } catch {
                problems.append(ImportProblem(row: row, column: columnName(index), value: text, reason: error.reason))
                bad = true
            }
        }
        guard !bad else { return nil }
        recordRows.append(row)
        return Record(collection.name, values)
    }

    /// The problem a write issue stands for, placed at its row and column.
    func problem(_ issue: (record: Int, issue: RecordIssue)) -> ImportProblem {
        let row = recordRows.indices.contains(issue.record) ? recordRows[issue.record] : nil
        let column = columns.firstIndex { $0?.name == issue.issue.field }.map(columnName)
        return ImportProblem(
            row: row, column: column ?? issue.issue.field, value: issue.issue.value, reason: issue.issue.reason)
    }

    private func columnName(_ index: Int) -> String {
        let header = headers[index]
        return header == columns[index]?.name ? header : "\(header) (\(columns[index]?.name ?? "?"))"
    }

    /// A reference given by a unique name becomes that record's id; anything else stays
    /// as written, to be checked as an id.
    private mutating func resolve(_ value: FieldValue, in target: String) -> FieldValue {
        switch value {
        case .text(let text): .text(resolve(text, in: target))
        case .list(let items): .list(items.map { resolve($0, in: target) })
        default: value
        }
    }

    private mutating func resolve(_ text: String, in target: String) -> String {
        let known = knownRecords(of: target)
        if known.ids.contains(text) { return text }
        if let ids = known.names[text], ids.count == 1 { return ids[0] }
        return text
    }

    private mutating func knownRecords(of target: String) -> (ids: Set<String>, names: [String: [String]]) {
        if let known = referenceTargets[target] { return known }
        let hasName = store.schema.collection(target)?.field("name") != nil
        let rows =
            (try? store.database.read { db in
                try Row.fetchAll(db, sql: "SELECT id\(hasName ? ", name" : "") FROM \(store.dialect.quote(target))")
            }) ?? []
        var ids = Set<String>()
        var names: [String: [String]] = [:]
        for row in rows {
            let id: String = row[0]
            ids.insert(id)
            if hasName, let name: String = row[1] { names[name, default: []].append(id) }
        }
        referenceTargets[target] = (ids, names)
        return (ids, names)
    }
}
