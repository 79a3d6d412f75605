import Foundation

/// Writes records as RFC 4180 CSV text, quoting only the fields that need it.
public struct CSVWriter: Sendable {
    /// How records are terminated.
    public enum LineEnding: Sendable {
        /// `\n`, the convention of the Unix tools CSV output is usually piped into.
        case lf
        /// `\r\n`, as RFC 4180 specifies, for consumers that insist on it.
        case crlf

        fileprivate var bytes: [UInt8] {
            switch self {
            case .lf: [UInt8(ascii: "\n")]
            case .crlf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
            }
        }
    }

    /// The encoding of `data`.
    public let encoding: TextEncoding
    /// The line ending written after each record.
    public let lineEnding: LineEnding
    private var utf8Text: [UInt8] = []

    /// Creates a writer with no records.
    ///
    /// LF is the default line ending because every mainstream CSV consumer,
    /// Excel included, accepts it, and it is what command-line tools expect.
    ///
    /// - Parameter bom: Starts the output with a byte order mark; Excel needs
    ///   one to recognise UTF-8 rather than guessing the system code page.
    public init(encoding: TextEncoding = .utf8, bom: Bool = false, lineEnding: LineEnding = .lf) {
        self.encoding = encoding
        self.lineEnding = lineEnding
        if bom {
            utf8Text.append(contentsOf: "\u{FEFF}".utf8)
        }
    }

    /// Appends one record.
    public mutating func write(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 {
                utf8Text.append(UInt8(ascii: ","))
            }
            append(field)
        }
        utf8Text.append(contentsOf: lineEnding.bytes)
    }

    /// Everything written so far, in `encoding`.
    ///
    /// - Throws: `TabularError` if the system cannot convert to `encoding`.
    public var data: Data {
        get throws { try encoding.encodeFromUTF8(Data(utf8Text)) }
    }

    private mutating func append(_ field: String) {
        var field = field
        field.withUTF8 { bytes in
            guard bytes.contains(where: Self.requiresQuoting) else {
                utf8Text.append(contentsOf: bytes)
                return
            }
            utf8Text.append(UInt8(ascii: "\""))
            for byte in bytes {
                if byte == UInt8(ascii: "\"") {
                    utf8Text.append(byte)
                }
                utf8Text.append(byte)
            }
            utf8Text.append(UInt8(ascii: "\""))
        }
    }

    private static func requiresQuoting(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\r"), UInt8(ascii: "\n"): true
        default: false
        }
    }
}
