import Foundation
import ZIPFoundation

/// The ZIP container of an XLSX file, read entirely from memory.
struct XLSXPackage {
    private let archive: Archive

    /// - Throws: `TabularError` if `data` is not a readable ZIP archive.
    init(data: Data) throws {
        guard !data.isEmpty else { throw TabularError(reason: "the file is empty") }
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw Self.invalidFileError(error)
        }
    }

    /// The uncompressed bytes of a part, or nil if the package has no such part.
    func part(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        var contents = Data()
        do {
            _ = try archive.extract(entry) { contents.append($0) }
        } catch {
            throw Self.invalidFileError(error, part: path)
        }
        return contents
    }

    /// The bytes of a part that every workbook must have.
    func requiredPart(_ path: String) throws -> Data {
        guard let contents = try part(path) else {
            throw TabularError(reason: "not a valid XLSX file (the part \(path) is missing)")
        }
        return contents
    }

    private static func invalidFileError(_ error: any Error, part: String? = nil) -> TabularError {
        let location = part.map { "cannot read \($0): " } ?? ""
        return TabularError(reason: "not a valid XLSX file (\(location)\(describe(error)))")
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case Archive.ArchiveError.missingEndOfCentralDirectoryRecord:
            "it is not a ZIP archive, or it is truncated"
        case Archive.ArchiveError.invalidCRC32:
            "checksum mismatch, the file is damaged"
        default:
            String(describing: error)
        }
    }
}
