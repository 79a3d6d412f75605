import DuchaPlugins
import Foundation
import Testing
import ZIPFoundation

@Suite struct ArchiveTests {
    private let scratch: TemporaryFolder

    init() throws { scratch = try TemporaryFolder() }

    private static let manifest = """
        name = "taojiang-bulletin"
        version = "1.2.0"
        api = "^1.0"
        main = "init.lua"
        [reports]
        daily-bulletin = "reports/daily.lua"
        """

    private static let files = [
        "init.lua": "return { greeting = \"你好\" }\n",
        "reports/daily.lua": "local report = require \"ducha.report\"\nreport.title(\"一日一通报\")\n",
        "README.md": "# 通报\n",
    ]

    private func pluginFolder(_ name: String = "bulletin", files: [String: String] = files) throws -> URL {
        try writePlugin(at: scratch.path(name), manifest: Self.manifest, files: files)
    }

    /// Unpacking `data` fails with this refusal, and leaves no destination folder behind.
    private func refusal(_ data: Data) throws -> ArchiveFailure {
        let destination = scratch.path("unpacked")
        let failure = try #require(throws: ArchiveFailure.self) { try PluginArchive.unpack(data, into: destination) }
        #expect(!FileManager.default.fileExists(atPath: destination.path))
        return failure
    }

    private static var plugin: (path: String, type: Entry.EntryType, contents: String) {
        (path: "plugin.toml", type: .file, contents: manifest)
    }

    @Test func packingTheSameFilesTwiceGivesTheSameBytes() throws {
        let folder = try pluginFolder()
        let first = try PluginArchive.pack(folder: folder)
        let copy = scratch.path("copy")
        try FileManager.default.copyItem(at: folder, to: copy)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 0)],
            ofItemAtPath: copy.appendingPathComponent("init.lua").path)
        #expect(try PluginArchive.pack(folder: folder) == first)
        #expect(try PluginArchive.pack(folder: copy) == first)
    }

    @Test func packingDifferentFilesGivesADifferentDigest() throws {
        let first = try PluginArchive.pack(folder: try pluginFolder("one"))
        var changed = Self.files
        changed["init.lua"] = "return {}\n"
        let second = try PluginArchive.pack(folder: try pluginFolder("two", files: changed))
        #expect(sha256Hex(first) != sha256Hex(second))
    }

    @Test func hiddenFilesAndFoldersAreLeftOut() throws {
        var files = Self.files
        files[".DS_Store"] = "junk"
        files[".git/config"] = "[core]"
        files["reports/.swp"] = "junk"
        let archive = try PluginArchive.pack(folder: try pluginFolder(files: files))
        #expect(try entryPaths(of: archive) == ["README.md", "init.lua", "plugin.toml", "reports/daily.lua"])
    }

    @Test func packingRefusesAPluginMissingAScriptItNames() throws {
        var files = Self.files
        files["reports/daily.lua"] = nil
        let error = try #require(throws: ManifestError.self) {
            try PluginArchive.pack(folder: try pluginFolder(files: files))
        }
        #expect(error.reason == "names reports/daily.lua, which the plugin does not contain")
    }

    @Test func unpackingGivesBackEveryFile() throws {
        let folder = try pluginFolder()
        let destination = scratch.path("unpacked")
        try PluginArchive.unpack(try PluginArchive.pack(folder: folder), into: destination)
        #expect(snapshot(of: destination) == snapshot(of: folder))
        #expect(text(of: destination.appendingPathComponent("init.lua")) == Self.files["init.lua"])
    }

    @Test func anEntryClimbingOutOfTheFolderIsRefused() throws {
        let failure = try refusal(
            try craftedZip([Self.plugin, (path: "../evil.lua", type: .file, contents: "os.execute('rm -rf ~')")]))
        #expect(failure == .unsafeEntry("../evil.lua", "would land outside the plugin folder"))
        #expect(failure.description == "the archive entry '../evil.lua' would land outside the plugin folder")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("evil.lua").path))
    }

    @Test func anEntryClimbingOutThroughASubfolderIsRefused() throws {
        let failure = try refusal(
            try craftedZip([Self.plugin, (path: "reports/../../evil.lua", type: .file, contents: "")]))
        #expect(failure == .unsafeEntry("reports/../../evil.lua", "would land outside the plugin folder"))
    }

    @Test func anAbsoluteEntryIsRefused() throws {
        let failure = try refusal(try craftedZip([Self.plugin, (path: "/etc/x", type: .file, contents: "root::0:0")]))
        #expect(failure == .unsafeEntry("/etc/x", "would land outside the plugin folder"))
    }

    @Test func aSymbolicLinkEntryIsRefused() throws {
        let failure = try refusal(
            try craftedZip([Self.plugin, (path: "init.lua", type: .symlink, contents: "/etc/passwd")]))
        #expect(failure == .unsafeEntry("init.lua", "is a symbolic link"))
        #expect(failure.description == "the archive entry 'init.lua' is a symbolic link")
    }

    @Test func anArchiveWithoutAManifestAtItsRootIsRefused() throws {
        let failure = try refusal(
            try craftedZip([
                (path: "init.lua", type: .file, contents: "return {}"),
                (path: "nested/plugin.toml", type: .file, contents: Self.manifest),
            ]))
        #expect(failure == .reason("has no plugin.toml at its root"))
    }

    /// A zip whose second entry declares, in its zip64 extra field, the largest size there is. Each entry is a local
    /// header (signature, version 4.5, no flags, stored, a fixed date, CRC-32, sizes, name and extra lengths) and its
    /// bytes; the central directory repeats the header with the file mode and the header's offset.
    private static func zipDeclaringTheLargestSize() -> Data {
        var archive = Data()
        var directory = Data()
        func append<Integer: FixedWidthInteger>(_ values: [Integer], to data: inout Data) {
            for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        }
        for (name, contents, huge) in [("plugin.toml", "name = \"x\"\n", false), ("big.lua", "return {}\n", true)] {
            let (path, bytes) = (Data(name.utf8), Data(contents.utf8))
            let crc =
                bytes.reduce(UInt32.max) { crc, byte in
                    (0..<8).reduce(crc ^ UInt32(byte)) { value, _ in
                        value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
                    }
                } ^ UInt32.max
            var extra = Data()
            if huge {
                append([UInt16(1), 8], to: &extra)
                append([UInt64.max], to: &extra)
            }
            let size = UInt32(bytes.count)
            let offset = UInt32(archive.count)
            append([UInt32(0x0403_4b50)], to: &archive)
            append([UInt16(45), 0, 0, 0, 0x21], to: &archive)
            append([crc, size, huge ? UInt32.max : size], to: &archive)
            append([UInt16(path.count), UInt16(extra.count)], to: &archive)
            archive += path + extra + bytes
            append([UInt32(0x0201_4b50)], to: &directory)
            append([UInt16(0x031e), 45, 0, 0, 0, 0x21], to: &directory)
            append([crc, size, huge ? UInt32.max : size], to: &directory)
            append([UInt16(path.count), UInt16(extra.count), 0, 0, 0], to: &directory)
            append([UInt32(0o100644) << 16, offset], to: &directory)
            directory += path + extra
        }
        let start = UInt32(archive.count)
        archive += directory
        append([UInt32(0x0605_4b50)], to: &archive)
        append([UInt16(0), 0, 2, 2], to: &archive)
        append([UInt32(directory.count), start], to: &archive)
        append([UInt16(0)], to: &archive)
        return archive
    }

    @Test func anEntryDeclaringAnImpossibleSizeIsRefusedWithoutCrashing() async {
        await #expect(processExitsWith: .success) {
            let destination = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            #expect(throws: ArchiveFailure.reason("unpacks to more than 64 MiB")) {
                try PluginArchive.unpack(ArchiveTests.zipDeclaringTheLargestSize(), into: destination)
            }
        }
    }

    @Test func bytesThatAreNotAZipAreRefused() throws {
        let failure = try refusal(Data("name = \"not a zip\"\n".utf8))
        #expect(failure.description.contains("not a zip archive"))
        #expect(failure.description == "the archive is not a zip archive")
    }

    @Test func aTruncatedArchiveIsRefused() throws {
        let archive = try PluginArchive.pack(folder: try pluginFolder())
        let failure = try refusal(archive.prefix(archive.count / 2))
        #expect(failure.description.contains("not a zip archive"))
    }

    @Test func directoryEntriesAreAllowedAndFilesUnderThemUnpacked() throws {
        let destination = scratch.path("unpacked")
        try PluginArchive.unpack(
            try craftedZip([
                Self.plugin, (path: "reports/", type: .directory, contents: ""),
                (path: "reports/daily.lua", type: .file, contents: "-- daily"),
            ]),
            into: destination)
        #expect(snapshot(of: destination).keys.sorted() == ["plugin.toml", "reports/daily.lua"])
    }
}
