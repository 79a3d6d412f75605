import Foundation
import Tabular

/// A file of records to import: CSV, JSON (an array of objects, or JSON Lines) or XLSX,
/// read as a header and rows of text.
public enum TableFormat: String, CaseIterable, Sendable {
    case csv, json, xlsx

    /// The format a file name's extension names, if any.
    public init?(fileName: String) {
        switch URL(fileURLWithPath: fileName).pathExtension.lowercased() {
        case "csv", "txt": self = .csv
        case "json", "jsonl", "ndjson": self = .json
        case "xlsx": self = .xlsx
        default: return nil
        }
    }

    /// Whether a row may stop short of the header: spreadsheets leave empty cells out of
    /// the file, and a JSON object may lack keys. A CSV row must have every column.
    var omitsEmptyCells: Bool { self != .csv }

    /// Whether cells hold text exactly as it was written. JSON strings are typed by
    /// programs; CSV and spreadsheet cells are typed by people, who leave stray spaces.
    var keepsTextExactly: Bool { self == .json }

    /// Whether columns are named by keys of records rather than by a header row.
    var namesColumnsByKey: Bool { self == .json }
}

/// The column names of a file, and how far its rows go when that is known beforehand.
struct TableHeader {
    let names: [String]
    /// The number of the last row (the CSV line, the JSON record or line), for progress.
    let lastRow: Int?
}

/// Reads the rows of a file, each with the number people see for it (the CSV line, the
/// spreadsheet row, the JSON record of an array or the line of JSON Lines).
struct TableSource {
    let data: Data
    let format: TableFormat
    let encoding: TextEncoding
    let sheet: String?
    /// Whether to count a CSV file's lines before reading it, for progress.
    let measuresLength: Bool

    /// Calls `header` once with the column names, then `row` for every row: its cells,
    /// nil where the file holds no value (a JSON null or missing key).
    func read(header: (TableHeader) throws -> Void, row: ([String?], Int) throws -> Void) throws {
        if format == .json { return try readJSON(header: header, row: row) }
        try withoutActuallyEscaping(header) { header in
            try withoutActuallyEscaping(row) { row in
                var sawHeader = false
                let each: ([String], Int) throws -> Void = { fields, number in
                    if sawHeader {
                        try row(fields, number)
                    } else {
                        sawHeader = true
                        try header(
                            TableHeader(names: fields, lastRow: format == .csv && measuresLength ? lineCount() : nil))
                    }
                }
                if format == .csv {
                    // Takes off the quote an export puts before text a spreadsheet would run.
                    try CSVReader(data: data, encoding: encoding).forEachRecord { fields, number in
                        try each(fields.map(SpreadsheetFormulas.restored), number)
                    }
                } else {
                    try XLSXReader(data: data, sheet: sheet).forEachRecord(each)
                }
                if !sawHeader { throw TabularError(reason: "the file is empty") }
            }
        }
    }

    /// The number of lines in the file, counting a last line without a line end.
    private func lineCount() -> Int {
        data.withUnsafeBytes { bytes in
            let lineEnds = bytes.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            return bytes.last == UInt8(ascii: "\n") || bytes.isEmpty ? lineEnds : lineEnds + 1
        }
    }

    /// JSON: an array of objects, or one object per line. The columns are every key any
    /// object has, in sorted order; a key an object lacks is a missing cell.
    private func readJSON(header: (TableHeader) throws -> Void, row: ([String?], Int) throws -> Void) throws {
        let objects = try jsonObjects()
        guard let last = objects.last else { throw TabularError(reason: "the file is empty") }
        var columns: [String] = []
        var seen: Set<String> = []
        for (object, _) in objects {
            for key in object.keys.sorted() where seen.insert(key).inserted { columns.append(key) }
        }
        try header(TableHeader(names: columns, lastRow: last.number))
        for (object, number) in objects {
            try row(columns.map { object[$0].flatMap(Self.text) }, number)
        }
    }

    /// The objects of the file, each with its number: its place in an array, or its line.
    private func jsonObjects() throws -> [(object: [String: Any], number: Int)] {
        let text = String(decoding: data, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw TabularError(reason: "the file is empty") }
        if trimmed.hasPrefix("[") {
            guard let array = try parse(Data(trimmed.utf8), line: nil) as? [Any] else {
                throw TabularError(reason: "not a JSON array of objects")
            }
            return try array.enumerated().map { index, element in
                guard let object = element as? [String: Any] else {
                    throw TabularError(line: index + 1, reason: "record \(index + 1) is not a JSON object")
                }
                return (object, index + 1)
            }
        }
        var objects: [(object: [String: Any], number: Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty { continue }
            guard let object = try parse(Data(content.utf8), line: index + 1) as? [String: Any] else {
                throw TabularError(line: index + 1, reason: "not a JSON object")
            }
            objects.append((object, index + 1))
        }
        return objects
    }

    private func parse(_ data: Data, line: Int?) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw TabularError(line: line, reason: "not valid JSON (\((error as NSError).localizedDescription))")
        }
    }

    /// A JSON value as the text an import cell holds (lists joined with `;`), or nil for null.
    private static func text(_ value: Any) -> String? {
        switch value {
        case is NSNull: return nil
        case let string as String: return string
        case let number as NSNumber:
            // JSON booleans come back as NSNumbers of ObjC type "c".
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        case let array as [Any]: return array.compactMap(text).joined(separator: ";")
        default: return "\(value)"
        }
    }
}
