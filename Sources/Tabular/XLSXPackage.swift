import Foundation
import ZIPFoundation

/// How far the parts of an XLSX file may inflate. A few megabytes of zip can inflate to
/// gigabytes, which would then be held and parsed; the sizes a zip declares can lie, so
/// the bytes actually inflated are what count.
public struct XLSXInflationLimits: Sendable, Equatable {
    /// The most one part (a sheet, the shared strings, …) may inflate to.
    public var partBytes: Int
    /// The most all the parts a reader reads may inflate to together.
    public var workbookBytes: Int

    public init(partBytes: Int, workbookBytes: Int) {
        self.partBytes = partBytes
        self.workbookBytes = workbookBytes
    }

    /// 1.5 GiB a part, 2 GiB in all. A sheet of a million findings as `ducha export`
    /// writes it (inline strings, empty descriptions) inflates to 834 MiB, about 875 bytes
    /// a row: a part may hold about 1,600 bytes a row for a million rows, room for
    /// descriptions of some 250 Chinese characters, and the rest of the workbook (shared
    /// strings, styles) gets the other 512 MiB.
    public static let standard = XLSXInflationLimits(partBytes: 1_536 << 20, workbookBytes: 2_048 << 20)
}

/// The ZIP container of an XLSX file, read entirely from memory, inflating no part past
/// its limits.
final class XLSXPackage {
    private let archive: Archive
    private let limits: XLSXInflationLimits
    /// The bytes the parts read so far inflated to.
    private var inflated = 0

    /// - Throws: `TabularError` if `data` is not a readable ZIP archive.
    init(data: Data, limits: XLSXInflationLimits) throws {
        guard !data.isEmpty else { throw TabularError(reason: "the file is empty") }
        self.limits = limits
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw Self.invalidFileError(error)
        }
    }

    /// The uncompressed bytes of a part, or nil if the package has no such part.
    ///
    /// - Throws: `TabularError` if the part is damaged, or inflates past the limits.
    func part(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        // A declared size past a limit is refused before anything is inflated; compared
        // without adding, so a crafted size near 2^64 cannot overflow.
        if entry.uncompressedSize > UInt64(limits.partBytes) { throw partTooLarge(path) }
        if entry.uncompressedSize > UInt64(limits.workbookBytes - inflated) { throw workbookTooLarge(path) }
        var contents = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                guard chunk.count <= limits.partBytes - contents.count else { throw partTooLarge(path) }
                guard chunk.count <= limits.workbookBytes - inflated else { throw workbookTooLarge(path) }
                inflated += chunk.count
                contents.append(chunk)
            }
        } catch let error as TabularError {
            throw error
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

    private func partTooLarge(_ path: String) -> TabularError {
        TabularError(
            reason: "the part \(path) inflates to more than \(Self.size(limits.partBytes)), "
                + "the most one part of an XLSX file may hold")
    }

    private func workbookTooLarge(_ path: String) -> TabularError {
        TabularError(
            reason: "the workbook inflates to more than \(Self.size(limits.workbookBytes)) by the part \(path), "
                + "the most an XLSX file may hold in all")
    }

    private static func size(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
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
