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
}

/// Reads the rows of a file, each with the number people see for it (the CSV line, the
/// spreadsheet row, the JSON record).
struct TableSource {
    let data: Data
    let format: TableFormat
    let encoding: TextEncoding
    let sheet: String?

    /// Calls `header` once with the column names, then `row` for every row.
    func read(header: ([String]) throws -> Void, row: ([String], Int) throws -> Void) throws {
        try withoutActuallyEscaping(header) { header in
            try withoutActuallyEscaping(row) { row in
                var sawHeader = false
                let each: ([String], Int) throws -> Void = { fields, line in
                    if sawHeader {
                        try row(fields, line)
                    } else {
                        sawHeader = true
                        try header(fields)
                    }
                }
                switch format {
                case .csv: try CSVReader(data: data, encoding: encoding).forEachRecord(each)
                case .xlsx: try XLSXReader(data: data, sheet: sheet).forEachRecord(each)
                case .json: try readJSON(each)
                }
                if !sawHeader { throw TabularError(reason: "the file is empty") }
            }
        }
    }

    /// JSON: an array of objects, or one object per line. The columns are every key any
    /// object has, in sorted order; a key an object lacks is an empty cell.
    private func readJSON(_ each: ([String], Int) throws -> Void) throws {
        let objects = try jsonObjects()
        guard !objects.isEmpty else { throw TabularError(reason: "the file is empty") }
        var columns: [String] = []
        for object in objects {
            for key in object.keys.sorted() where !columns.contains(key) { columns.append(key) }
        }
        try each(columns, 0)
        for (index, object) in objects.enumerated() {
            try each(columns.map { object[$0].map(Self.text) ?? "" }, index + 1)
        }
    }

    private func jsonObjects() throws -> [[String: Any]] {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw TabularError(reason: "the file is empty") }
        if text.hasPrefix("[") {
            guard let array = try parse(Data(text.utf8), record: nil) as? [Any] else {
                throw TabularError(reason: "not a JSON array of objects")
            }
            return try array.enumerated().map { index, element in
                guard let object = element as? [String: Any] else {
                    throw TabularError(line: index + 1, reason: "record \(index + 1) is not a JSON object")
                }
                return object
            }
        }
        var objects: [[String: Any]] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let object = try parse(Data(trimmed.utf8), record: index + 1) as? [String: Any] else {
                throw TabularError(line: index + 1, reason: "line \(index + 1) is not a JSON object")
            }
            objects.append(object)
        }
        return objects
    }

    private func parse(_ data: Data, record: Int?) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw TabularError(line: record, reason: "not valid JSON (\((error as NSError).localizedDescription))")
        }
    }

    /// A JSON value as the text an import cell holds: lists joined with `;`.
    private static func text(_ value: Any) -> String {
        switch value {
        case is NSNull: return ""
        case let string as String: return string
        case let number as NSNumber:
            // JSON booleans come back as NSNumbers of ObjC type "c".
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        case let array as [Any]: return array.map(text).joined(separator: ";")
        default: return "\(value)"
        }
    }
}
