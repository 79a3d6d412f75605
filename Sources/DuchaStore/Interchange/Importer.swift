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
    /// The row as people see it: the CSV line, the spreadsheet row, the record of a JSON
    /// array or the line of JSON Lines.
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

/// How far an import has got.
public struct ImportProgress: Equatable, Sendable {
    /// The rows read so far.
    public let rows: Int
    /// The share of the file read, from 0 to 1, when its length is known beforehand (CSV
    /// and JSON; a spreadsheet says only at its end).
    public let fraction: Double?

    /// Progress after `rows` rows, with the share of the file read if it is known.
    public init(rows: Int, fraction: Double?) {
        self.rows = rows
        self.fraction = fraction
    }
}

/// Reads records from a file into a collection, as one transaction: labels become codes,
/// Chinese dates become ISO, references may be ids or unique names; if any row is bad,
/// nothing is written and every bad row is reported. Writing needs the `write` grant, and
/// each import is recorded in the audit trail.
public struct Importer {
    let store: Store
    let taxonomy: Taxonomy
    let identity: WorkspaceConfiguration.Identity

    /// An importer for `identity`, whose grants say what it may write and which names of
    /// records it may refer to.
    public init(store: Store, identity: WorkspaceConfiguration.Identity) throws {
        self.store = store
        self.identity = identity
        taxonomy = try store.taxonomy()
    }

    /// Rows read between two reports of progress.
    static let progressInterval = 1_000

    /// Imports `file`; `progress` is told how far the import has got now and then.
    public func importFile(
        _ file: URL, options: ImportOptions, progress: ((ImportProgress) -> Void)? = nil
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
        guard options.dryRun || identity.mayWrite else {
            throw AccessRefusal("\(name): importing into \(collection.name)", needs: "write", "nothing was imported")
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
        var session = ImportSession(
            collection: collection, format: format, validator: validator, store: store,
            clearance: identity.clearance)
        do {
            try store.write(validator: validator, commit: !options.dryRun) { inserter in
                var lastRow: Int?
                let source = TableSource(
                    data: data, format: format, encoding: options.encoding, sheet: options.sheet,
                    measuresLength: progress != nil)
                try source.read(
                    header: { header in
                        lastRow = header.lastRow
                        try session.readHeader(header.names)
                    },
                    row: { cells, row in
                        if let record = session.record(cells, row: row) { try inserter.insert(record) }
                        if session.rows % Self.progressInterval == 0, let progress {
                            let fraction = lastRow.map { min(1, Double(row) / Double(max($0, 1))) }
                            progress(ImportProgress(rows: session.rows, fraction: fraction))
                        }
                    })
                if !session.problems.isEmpty {
                    inserter.refuse()
                } else if !options.dryRun {
                    try audit(name, collection: collection, records: session.rows, in: inserter.db)
                }
            }
        } catch let error as ImportFailure {
            throw ImportFailure(file: name, problems: session.inReadingOrder(error.problems))
        } catch let error as TabularError {
            throw failure(
                ImportProblem(row: error.line, column: error.column.map { "\($0)" }, value: nil, reason: error.reason))
        } catch let rejection as WriteRejection {
            throw ImportFailure(
                file: name, problems: session.inReadingOrder(session.problems + rejection.issues.map(session.problem)))
        }
        return ImportSummary(collection: collection.name, records: session.rows, dryRun: options.dryRun)
    }

    /// Records who imported how many records from which file, within the import's
    /// transaction, so the entry exists exactly when the records do.
    private func audit(_ file: String, collection: Collection, records: Int, in db: Database) throws {
        let detail = try JSONSerialization.data(
            withJSONObject: ["file": file, "records": records], options: [.sortedKeys])
        try AuditTrail.append(
            in: db, user: identity.user, action: "import", collection: collection.name, record: nil,
            detail: String(decoding: detail, as: UTF8.self))
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
    let format: TableFormat
    let validator: RecordValidator
    let store: Store
    /// Names above it are not looked up: whether a name resolves would tell which exist.
    let clearance: Sensitivity
    var columns: [Field?] = []
    var headers: [String] = []
    var problems: [ImportProblem] = []
    /// The row number of each record handed to the store, by write position.
    var recordRows: [Int] = []
    var rows = 0
    /// For each referenced collection: its ids, and each name's ids.
    var referenceTargets: [String: (ids: Set<String>, names: [String: [String]])] = [:]

    init(collection: Collection, format: TableFormat, validator: RecordValidator, store: Store, clearance: Sensitivity)
    {
        self.collection = collection
        self.format = format
        self.validator = validator
        self.store = store
        self.clearance = clearance
    }

    mutating func readHeader(_ fields: [String]) throws {
        headers = fields
        let word = format.namesColumnsByKey ? "key" : "column"
        for (index, header) in fields.enumerated() {
            let name = header.trimmingCharacters(in: .whitespaces)
            guard let field = collection.field(matching: name) else {
                let valid = collection.fields.filter { $0.derivation == nil }.map { "\($0.name) (\($0.label.chinese))" }
                problems.append(
                    headerProblem(
                        index, "unknown \(word) for \(collection.name) (valid: \(valid.joined(separator: ", ")))"))
                columns.append(nil)
                continue
            }
            if field.derivation != nil {
                problems.append(headerProblem(index, "is worked out from other fields and cannot be imported"))
            }
            // A value written and read back as a pseudonym would confirm a guess.
            let sensitivity = collection.sensitivity(of: field)
            if field.type == .text, sensitivity > clearance {
                problems.append(
                    headerProblem(
                        index,
                        "holds \(sensitivity) values of \(collection.name): importing them needs the \(sensitivity) grant"
                    ))
            }
            if columns.contains(where: { $0?.name == field.name }) {
                problems.append(headerProblem(index, "names \(field.name) a second time"))
            }
            columns.append(field)
        }
        if !columns.contains(where: { $0?.name == "id" }) {
            problems.append(
                ImportProblem(row: format.namesColumnsByKey ? nil : 1, column: nil, value: nil, reason: "no id \(word)")
            )
        }
        if !problems.isEmpty { throw ImportFailure(file: "", problems: problems) }
    }

    /// A problem with a column's name: placed by its row and column in a header row, by
    /// the key itself in JSON.
    private func headerProblem(_ index: Int, _ reason: String) -> ImportProblem {
        format.namesColumnsByKey
            ? ImportProblem(row: nil, column: nil, value: headers[index], reason: reason)
            : ImportProblem(row: 1, column: "\(index + 1)", value: headers[index], reason: reason)
    }

    /// The record of a row, or nil (with the problems noted) if a cell is bad.
    mutating func record(_ cells: [String?], row: Int) -> Record? {
        rows += 1
        guard let cells = fitted(cells, row: row) else { return nil }
        var values: [String: FieldValue] = [:]
        var bad = false
        for (index, cell) in cells.enumerated() {
            guard let field = columns[index] else { continue }
            // A NUL ends text in C and in SQLite's text functions: what is stored would not be
            // what is read back.
            if let cell, cell.utf8.contains(0) {
                problems.append(
                    ImportProblem(row: row, column: columnName(index), value: nil, reason: "holds a NUL character"))
                bad = true
                continue
            }
            do {
                var value = try self.value(cell, for: field)
                if let target = field.referencedCollection { value = try resolve(value, of: field, in: target) }
                values[field.name] = value
            } catch {
                problems.append(ImportProblem(row: row, column: columnName(index), value: cell, reason: error.reason))
                bad = true
            }
        }
        guard !bad else { return nil }
        recordRows.append(row)
        return Record(collection.name, values)
    }

    /// A cell's value: text as written where the format keeps it exactly, else as the
    /// validator reads what people type.
    private func value(_ cell: String?, for field: Field) throws(RecordIssue) -> FieldValue {
        guard let cell else { return .null }
        if format.keepsTextExactly && field.type == .text { return .text(cell) }
        return try validator.value(fromText: cell, for: field, in: collection)
    }

    /// The row's cells, one per column: a row of a format that leaves empty cells out is
    /// filled up with empty cells (and loses empty cells past the last column); any other
    /// row of the wrong length is noted as a problem.
    private mutating func fitted(_ cells: [String?], row: Int) -> [String?]? {
        if cells.count == columns.count { return cells }
        if format.omitsEmptyCells {
            if cells.count < columns.count {
                return cells + Array(repeating: nil, count: columns.count - cells.count)
            }
            if cells[columns.count...].allSatisfy({ $0?.trimmingCharacters(in: .whitespaces).isEmpty ?? true }) {
                return Array(cells.prefix(columns.count))
            }
        }
        let detail =
            cells.count < columns.count
            ? "missing " + Self.listed(headers[cells.count...].map { "'\($0)'" })
            : "extra: " + Self.listed(cells[columns.count...].map { "'\($0 ?? "")'" })
        problems.append(
            ImportProblem(
                row: row, column: nil, value: nil,
                reason: "expected \(columns.count) columns, found \(cells.count) (\(detail))"))
        return nil
    }

    private static func listed(_ items: [String]) -> String {
        let shown = items.prefix(3).joined(separator: ", ")
        return items.count > 3 ? "\(shown) and \(items.count - 3) more" : shown
    }

    /// The problem a write issue stands for, placed at its row and column.
    func problem(_ issue: (record: Int, issue: RecordIssue)) -> ImportProblem {
        let row = recordRows.indices.contains(issue.record) ? recordRows[issue.record] : nil
        let column = columns.firstIndex { $0?.name == issue.issue.field }.map(columnName)
        return ImportProblem(
            row: row, column: column ?? issue.issue.field, value: issue.issue.value, reason: issue.issue.reason)
    }

    /// `problems` as a person reads the file: by row, then by column.
    func inReadingOrder(_ problems: [ImportProblem]) -> [ImportProblem] {
        var columnPositions: [String: Int] = [:]
        for index in columns.indices where columns[index] != nil {
            columnPositions[columnName(index)] = index
        }
        func key(_ problem: (offset: Int, element: ImportProblem)) -> (Int, Int, Int) {
            (
                problem.element.row ?? 0, problem.element.column.flatMap { columnPositions[$0] } ?? Int.max,
                problem.offset
            )
        }
        return problems.enumerated().sorted { key($0) < key($1) }.map(\.element)
    }

    private func columnName(_ index: Int) -> String {
        let header = headers[index]
        return header == columns[index]?.name ? header : "\(header) (\(columns[index]?.name ?? "?"))"
    }

    /// A reference given by a name of a single record becomes that record's id; a name
    /// several records have is a problem; anything else stays as written, to be checked
    /// as an id.
    private mutating func resolve(_ value: FieldValue, of field: Field, in target: String) throws(RecordIssue)
        -> FieldValue
    {
        switch value {
        case .text(let text):
            return .text(try resolve(text, of: field, in: target))
        case .list(let items):
            var resolved: [String] = []
            for item in items { resolved.append(try resolve(item, of: field, in: target)) }
            return .list(resolved)
        default:
            return value
        }
    }

    private mutating func resolve(_ text: String, of field: Field, in target: String) throws(RecordIssue) -> String {
        let known = knownRecords(of: target)
        guard !known.ids.contains(text), let ids = known.names[text] else { return text }
        guard ids.count > 1 else { return ids[0] }
        throw RecordIssue(
            collection: collection.name, field: field.name, value: text,
            reason: "the name matches \(ids.count) records in \(target) (\(Self.listed(ids))); use the id")
    }

    /// The ids of `target`, and its names where the reader may see them.
    private mutating func knownRecords(of target: String) -> (ids: Set<String>, names: [String: [String]]) {
        if let known = referenceTargets[target] { return known }
        let readsNames =
            store.schema.collection(target).flatMap { collection in
                collection.field("name").map { collection.sensitivity(of: $0) <= clearance }
            } ?? false
        let rows =
            (try? store.database.read { db in
                try Row.fetchAll(db, sql: "SELECT id\(readsNames ? ", name" : "") FROM \(store.dialect.quote(target))")
            }) ?? []
        var ids = Set<String>()
        var names: [String: [String]] = [:]
        for row in rows {
            let id: String = row[0]
            ids.insert(id)
            if readsNames, let name: String = row[1] { names[name, default: []].append(id) }
        }
        referenceTargets[target] = (ids, names)
        return (ids, names)
    }
}
