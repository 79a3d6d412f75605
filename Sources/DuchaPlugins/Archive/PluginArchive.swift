import Foundation
import ZIPFoundation

/// A plugin packed as a zip archive: the plugin folder's files at the archive's root.
public enum PluginArchive {
    /// Limits on what an archive may unpack to, so a crafted archive cannot fill the disk.
    public static let maximumUnpackedBytes: UInt64 = 64 << 20
    public static let maximumEntries = 10_000

    /// Packs the plugin in `folder`: every file but hidden ones, in name order, with a fixed
    /// date, so packing the same files twice gives the same bytes (and the same sha256).
    public static func pack(folder: URL) throws -> Data {
        let manifest = try PluginManifest(folder: folder)
        try manifest.checkScripts(in: folder, file: folder.appendingPathComponent(PluginManifest.fileName).path)
        let archive = try Archive(accessMode: .create)
        let fixedDate = Date(timeIntervalSince1970: 1_609_459_200)
        for path in try files(in: folder) {
            let data = try Data(contentsOf: folder.appendingPathComponent(path))
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                permissions: 0o644, compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw ArchiveFailure.reason("cannot be written") }
        return data
    }

    /// The relative paths of the files under `folder`, hidden ones left out, sorted.
    static func files(in folder: URL) throws -> [String] {
        let base = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else {
            throw ArchiveFailure.reason("cannot read the folder \(base)")
        }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            let components = path.split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                paths.append(path)
            }
        }
        return paths.sorted()
    }

    /// Unpacks `data` into `destination` (which must not exist yet), after checking every
    /// entry: no absolute paths, no `..`, no links, and size and count limits. On any
    /// problem nothing is left behind.
    public static func unpack(_ data: Data, into destination: URL) throws {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ArchiveFailure.reason("is not a zip archive")
        }
        var entries: [Entry] = []
        var declared: UInt64 = 0
        for entry in archive {
            entries.append(entry)
            guard entries.count <= maximumEntries else {
                throw ArchiveFailure.reason("has more than \(maximumEntries) entries")
            }
            try checkPath(entry.path)
            guard entry.type != .symlink else {
                throw ArchiveFailure.unsafeEntry(entry.path, "is a symbolic link")
            }
            // Compared before adding: a crafted size near 2^64 must not overflow the sum.
            guard entry.uncompressedSize <= maximumUnpackedBytes - declared else {
                throw ArchiveFailure.reason("unpacks to more than \(maximumUnpackedBytes >> 20) MiB")
            }
            declared += entry.uncompressedSize
        }
        guard entries.contains(where: { $0.path == PluginManifest.fileName }) else {
            throw ArchiveFailure.reason("has no plugin.toml at its root")
        }
        let manager = FileManager.default
        try manager.createDirectory(at: destination, withIntermediateDirectories: false)
        do {
            var written: UInt64 = 0
            for entry in entries where entry.type == .file {
                let target = destination.appendingPathComponent(entry.path)
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                var contents = Data()
                _ = try archive.extract(entry) { chunk in
                    // The sizes in the directory can lie; what is actually inflated counts.
                    written += UInt64(chunk.count)
                    guard written <= maximumUnpackedBytes else {
                        throw ArchiveFailure.reason("unpacks to more than \(maximumUnpackedBytes >> 20) MiB")
                    }
                    contents.append(chunk)
                }
                try contents.write(to: target)
            }
        } catch {
            try? manager.removeItem(at: destination)
            if error is ArchiveFailure { throw error }
            throw ArchiveFailure.reason("cannot be unpacked: \(error)")
        }
    }

    /// A path that stays inside the folder it is unpacked into.
    static func checkPath(_ path: String) throws {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if trimmed.isEmpty || trimmed.hasPrefix("/") || trimmed.contains("\\") || trimmed.contains("\0")
            || parts.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." })
        {
            throw ArchiveFailure.unsafeEntry(path, "would land outside the plugin folder")
        }
    }
}

/// An archive refused, and why.
public enum ArchiveFailure: Error, Equatable, CustomStringConvertible {
    case reason(String)
    case unsafeEntry(String, String)

    public var description: String {
        switch self {
        case .reason(let reason): "the archive \(reason)"
        case .unsafeEntry(let path, let reason): "the archive entry '\(path)' \(reason)"
        }
    }
}
