import Foundation
import Tabular

/// A record together with the line or row it was read from.
struct NumberedRecord: Equatable, CustomStringConvertible {
    let fields: [String]
    let line: Int

    init(_ fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }

    var description: String { "\(line): \(fields)" }
}

func records(_ csv: String, encoding: TextEncoding = .utf8) throws -> [NumberedRecord] {
    try records(CSVReader(data: Data(csv.utf8), encoding: encoding))
}

func records(_ reader: CSVReader) throws -> [NumberedRecord] {
    var result: [NumberedRecord] = []
    try reader.forEachRecord { fields, line in result.append(NumberedRecord(fields, line: line)) }
    return result
}

func records(_ reader: XLSXReader) throws -> [NumberedRecord] {
    var result: [NumberedRecord] = []
    try reader.forEachRecord { fields, row in result.append(NumberedRecord(fields, line: row)) }
    return result
}

/// Runs `operation` and returns the `TabularError` it throws, or nil if it throws none.
func tabularError(_ operation: () throws -> Void) -> TabularError? {
    do {
        try operation()
        return nil
    } catch let error as TabularError {
        return error
    } catch {
        return TabularError(reason: "unexpected error type: \(error)")
    }
}
