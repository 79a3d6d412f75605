import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The character encoding of a text table.
///
/// GB18030 exists because spreadsheets exported on Chinese-locale Windows
/// systems are commonly saved in it rather than in UTF-8.
public enum TextEncoding: Sendable, Equatable {
    /// UTF-8, with or without a byte order mark.
    case utf8
    /// GB18030, the Chinese national standard encoding (a superset of GBK and GB2312).
    case gb18030
}

extension TextEncoding {
    /// Converts `bytes` in this encoding to UTF-8.
    ///
    /// - Throws: `TabularError` naming the line of the first byte that is not valid GB18030.
    func decodeToUTF8(_ bytes: Data) throws -> Data {
        switch self {
        case .utf8:
            return bytes
        case .gb18030:
            return try IconvConverter.convert(bytes, from: "GB18030", to: "UTF-8") { offset in
                TabularError(
                    line: lineNumber(ofByteAt: offset, in: bytes),
                    reason: "the file is not valid GB18030 text")
            }
        }
    }

    /// Converts UTF-8 `bytes` to this encoding.
    func encodeFromUTF8(_ bytes: Data) throws -> Data {
        switch self {
        case .utf8:
            return bytes
        case .gb18030:
            return try IconvConverter.convert(bytes, from: "UTF-8", to: "GB18030") { _ in
                TabularError(reason: "the text cannot be encoded as GB18030")
            }
        }
    }
}

/// The 1-based line on which the byte at `offset` lies, counting LF bytes before it.
func lineNumber(ofByteAt offset: Int, in bytes: Data) -> Int {
    bytes.prefix(offset).reduce(into: 1) { line, byte in
        if byte == UInt8(ascii: "\n") { line += 1 }
    }
}

/// Whole-buffer character set conversion through the C library's `iconv`,
/// which ships complete GB18030 tables on glibc systems.
enum IconvConverter {
    /// Converts `input` between two iconv encoding names.
    ///
    /// - Parameter invalidInput: Builds the error to throw, given the offset of
    ///   the first input byte that cannot be converted.
    static func convert(
        _ input: Data, from source: String, to target: String,
        invalidInput: (_ offset: Int) -> TabularError
    ) throws -> Data {
        let descriptor = iconv_open(target, source)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else {
            throw TabularError(
                reason: "this system cannot convert \(source) to \(target) (iconv_open failed)")
        }
        defer { iconv_close(descriptor) }

        var output = Data(count: max(16, input.count * 2))
        var written = 0
        var consumed = 0
        try input.withUnsafeBytes { (inputBuffer: UnsafeRawBufferPointer) in
            while true {
                let result = convertChunk(
                    descriptor, input: inputBuffer, consumed: &consumed, output: &output, written: &written)
                switch result {
                case .finished:
                    return
                case .outputFull:
                    output.count *= 2
                case .invalidInput:
                    throw invalidInput(consumed)
                }
            }
        }
        output.count = written
        return output
    }

    private enum ChunkResult {
        case finished, outputFull, invalidInput
    }

    /// Runs one `iconv` call from `consumed` onwards, advancing both positions.
    private static func convertChunk(
        _ descriptor: iconv_t, input: UnsafeRawBufferPointer, consumed: inout Int,
        output: inout Data, written: inout Int
    ) -> ChunkResult {
        let outputCapacity = output.count
        return output.withUnsafeMutableBytes { (outputBuffer: UnsafeMutableRawBufferPointer) in
            var inputPointer = UnsafeMutablePointer(
                mutating: input.baseAddress?.advanced(by: consumed).assumingMemoryBound(to: CChar.self))
            var inputLeft = input.count - consumed
            var outputPointer = outputBuffer.baseAddress?.advanced(by: written).assumingMemoryBound(
                to: CChar.self)
            var outputLeft = outputCapacity - written
            let status = iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
            let failure = status == -1 ? errno : 0
            consumed = input.count - inputLeft
            written = outputCapacity - outputLeft
            if failure == E2BIG { return .outputFull }
            // A truncated multibyte sequence at the end (EINVAL) is as invalid as a bad one.
            if failure != 0 || inputLeft > 0 { return .invalidInput }
            return .finished
        }
    }
}
