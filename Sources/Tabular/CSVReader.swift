import Foundation

/// Reads RFC 4180 CSV text one record at a time.
///
/// The reader works on the raw bytes of the whole file, so callers can pass
/// memory-mapped `Data` and only the current record's strings are allocated.
/// It accepts LF and CRLF line ends, strips a leading UTF-8 byte order mark,
/// and skips lines that contain no bytes at all, because trailing blank lines
/// are a common artefact of hand-edited files rather than meaningful records.
public struct CSVReader: Sendable {
    /// The file's bytes, in `encoding`.
    public let data: Data
    /// How `data` encodes its text.
    public let encoding: TextEncoding

    /// Creates a reader over a whole CSV file.
    public init(data: Data, encoding: TextEncoding = .utf8) {
        self.data = data
        self.encoding = encoding
    }

    /// Calls `body` with each record's fields, in file order.
    ///
    /// Records are delivered as they are parsed, so `body` may already have
    /// seen earlier records when an error further down the file is thrown.
    ///
    /// - Parameter body: Receives the record's fields and the 1-based physical
    ///   line on which the record starts.
    /// - Throws: `TabularError` for an empty file, malformed quoting or text
    ///   that is not valid in `encoding`; any error thrown by `body`.
    public func forEachRecord(_ body: (_ fields: [String], _ line: Int) throws -> Void) throws {
        let utf8 = try encoding.decodeToUTF8(data)
        try utf8.withUnsafeBytes { rawBytes in
            let bytes = rawBytes.assumingMemoryBound(to: UInt8.self).droppingUTF8ByteOrderMark()
            guard !bytes.isEmpty else { throw TabularError(reason: "the file is empty") }
            var parser = CSVRecordParser(bytes: bytes)
            try parser.forEachRecord(body)
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    fileprivate func droppingUTF8ByteOrderMark() -> UnsafeBufferPointer<UInt8> {
        guard starts(with: [0xEF, 0xBB, 0xBF]) else { return self }
        return UnsafeBufferPointer(rebasing: self[3...])
    }
}

/// The byte-level state machine behind `CSVReader`.
private struct CSVRecordParser {
    private enum FieldEnd {
        case comma, endOfRecord
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var line = 1
    private var fields: [String] = []
    private var unescapedField: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func forEachRecord(_ body: (_ fields: [String], _ line: Int) throws -> Void) throws {
        while position < bytes.count {
            if skipEmptyLine() { continue }
            let recordLine = line
            try parseRecord()
            try body(fields, recordLine)
        }
    }

    /// Consumes a line ending that directly follows the previous record, if any.
    private mutating func skipEmptyLine() -> Bool {
        if bytes[position] == Self.lineFeed {
            position += 1
        } else if bytes[position] == Self.carriageReturn, isLineFeed(at: position + 1) {
            position += 2
        } else {
            return false
        }
        line += 1
        return true
    }

    private mutating func parseRecord() throws {
        fields.removeAll(keepingCapacity: true)
        while try parseField() == .comma {}
    }

    private mutating func parseField() throws -> FieldEnd {
        let column = fields.count + 1
        if position < bytes.count, bytes[position] == Self.quote {
            return try parseQuotedField(column: column)
        }
        return try parseUnquotedField(column: column)
    }

    private mutating func parseUnquotedField(column: Int) throws -> FieldEnd {
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case Self.comma:
                try appendField(start..<position, startLine: line, column: column)
                position += 1
                return .comma
            case Self.lineFeed:
                try appendField(
                    start..<endDroppingCarriageReturn(start, position), startLine: line, column: column)
                position += 1
                line += 1
                return .endOfRecord
            case Self.quote:
                throw TabularError(
                    line: line, column: column,
                    reason:
                        "a quote appears inside an unquoted field; enclose the whole field in quotes and double the inner quote"
                )
            default:
                position += 1
            }
        }
        try appendField(
            start..<endDroppingCarriageReturn(start, position), startLine: line, column: column)
        return .endOfRecord
    }

    private func endDroppingCarriageReturn(_ start: Int, _ end: Int) -> Int {
        end > start && bytes[end - 1] == Self.carriageReturn ? end - 1 : end
    }

    private mutating func parseQuotedField(column: Int) throws -> FieldEnd {
        let openingLine = line
        position += 1
        let contentStart = position
        var hasDoubledQuotes = false
        while position < bytes.count {
            switch bytes[position] {
            case Self.quote where isQuote(at: position + 1):
                hasDoubledQuotes = true
                position += 2
            case Self.quote:
                let content = contentStart..<position
                position += 1
                try appendQuotedField(
                    content, hasDoubledQuotes: hasDoubledQuotes, startLine: openingLine, column: column)
                return try consumeEndOfQuotedField(column: column)
            case Self.lineFeed:
                line += 1
                position += 1
            default:
                position += 1
            }
        }
        throw TabularError(
            line: openingLine, column: column,
            reason: "the quoted field that starts on this line has no closing quote")
    }

    private mutating func consumeEndOfQuotedField(column: Int) throws -> FieldEnd {
        guard position < bytes.count else { return .endOfRecord }
        switch bytes[position] {
        case Self.comma:
            position += 1
            return .comma
        case Self.lineFeed:
            position += 1
        case Self.carriageReturn where isLineFeed(at: position + 1):
            position += 2
        default:
            throw TabularError(
                line: line, column: column,
                reason: "unexpected text after the closing quote of a quoted field")
        }
        line += 1
        return .endOfRecord
    }

    private func isQuote(at index: Int) -> Bool {
        index < bytes.count && bytes[index] == Self.quote
    }

    private func isLineFeed(at index: Int) -> Bool {
        index < bytes.count && bytes[index] == Self.lineFeed
    }

    private mutating func appendQuotedField(
        _ content: Range<Int>, hasDoubledQuotes: Bool, startLine: Int, column: Int
    ) throws {
        guard hasDoubledQuotes else {
            return try appendField(content, startLine: startLine, column: column)
        }
        unescapedField.removeAll(keepingCapacity: true)
        var index = content.lowerBound
        while index < content.upperBound {
            unescapedField.append(bytes[index])
            index += bytes[index] == Self.quote ? 2 : 1
        }
        let field = unescapedField.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
        guard let field else {
            throw invalidUTF8Error(in: content, startLine: startLine, column: column)
        }
        fields.append(field)
    }

    private mutating func appendField(_ range: Range<Int>, startLine: Int, column: Int) throws {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        guard let field = String(validating: slice, as: UTF8.self) else {
            throw invalidUTF8Error(in: range, startLine: startLine, column: column)
        }
        fields.append(field)
    }

    /// Locates the first invalid byte of a field that failed UTF-8 validation.
    private func invalidUTF8Error(in range: Range<Int>, startLine: Int, column: Int) -> TabularError {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        let invalidOffset = firstInvalidUTF8Offset(in: slice) ?? 0
        let linesBefore = slice.prefix(invalidOffset).count { $0 == Self.lineFeed }
        return TabularError(
            line: startLine + linesBefore, column: column,
            reason:
                "the file is not valid UTF-8; if it was saved in a Chinese encoding, try --encoding gb18030"
        )
    }
}

/// The offset of the first byte that does not start a valid UTF-8 sequence, or nil if all are valid.
private func firstInvalidUTF8Offset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let scalar):
            offset += scalar.count
        case .error:
            return offset
        case .emptyInput:
            return nil
        }
    }
}
