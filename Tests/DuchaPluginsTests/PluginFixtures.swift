import DuchaPlugins
import Foundation
import Testing
import ZIPFoundation

/// A fresh folder under the system's temporary directory, removed when the value goes away. Suites keep one as a
/// property, so it lives as long as the test.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ducha-plugins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A path inside the folder; nothing is created.
    func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    /// A new empty folder inside this one.
    func folder(_ relative: String) throws -> URL {
        let folder = path(relative)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// Names of ducha's own reports, commands and formats, as the command line gives them to installers.
let builtInNames = BuiltInNames(
    shippedReports: ["overview", "daily-bulletin"], commands: ["run", "report", "plugin", "help"],
    formats: ["table", "csv", "html"])

/// The text of a small `plugin.toml` whose module is `init.lua`.
func manifestText(name: String, version: String, api: String = "^1.0", dependencies: [String: String] = [:])
    -> String
{
    var text = """
        name = "\(name)"
        version = "\(version)"
        api = "\(api)"
        description = "测试插件"
        team = "桃江县纪委监委"
        main = "init.lua"

        [dependencies]

        """
    for (dependency, range) in dependencies.sorted(by: { $0.key < $1.key }) {
        text += "\(dependency) = \"\(range)\"\n"
    }
    return text
}

/// Writes a plugin folder: `plugin.toml` holding `manifest`, and `files` by relative path.
@discardableResult
func writePlugin(at folder: URL, manifest: String, files: [String: String] = ["init.lua": "return {}\n"]) throws
    -> URL
{
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(manifest.utf8).write(to: folder.appendingPathComponent(PluginManifest.fileName))
    for (path, text) in files {
        let file = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }
    return folder
}

/// Writes the plugin `name` `version` under `scratch` and publishes it to the registry folder, signed with `key`;
/// `sections` is manifest text after the dependencies, such as `[reports]` naming `init.lua`.
@discardableResult
func publishPlugin(
    _ name: String, _ version: String, api: String = "^1.0", dependencies: [String: String] = [:],
    sections: String = "", to registry: URL, key: SigningKey, scratch: TemporaryFolder
) throws -> RegistryIndex.Release {
    let folder = try writePlugin(
        at: scratch.path("sources/\(name)-\(version)"),
        manifest: manifestText(name: name, version: version, api: api, dependencies: dependencies) + sections,
        files: ["init.lua": "return { version = \"\(version)\" }\n"])
    return try RegistryPublisher.publish(folder: folder, to: registry, key: key)
}

/// A zip holding exactly `entries`, however unsafe: a symbolic link's contents are its target.
func craftedZip(_ entries: [(path: String, type: Entry.EntryType, contents: String)]) throws -> Data {
    let archive = try Archive(accessMode: .create)
    for entry in entries {
        let data = Data(entry.contents.utf8)
        try archive.addEntry(with: entry.path, type: entry.type, uncompressedSize: Int64(data.count)) {
            position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return try #require(archive.data)
}

/// The paths of the entries of a zip archive, in archive order.
func entryPaths(of data: Data) throws -> [String] {
    try Archive(data: data, accessMode: .read).map(\.path)
}

/// Every file under `folder`, hidden ones included, by relative path with its bytes; empty when there is no folder.
func snapshot(of folder: URL) -> [String: Data] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [:] }
    var files: [String: Data] = [:]
    while let path = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let file = folder.appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[path] = FileManager.default.contents(atPath: file.path)
        }
    }
    return files
}

/// The names in `folder`, sorted; empty when there is no folder.
func contents(of folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
}

/// The text of a file, or nil when there is none.
func text(of file: URL) -> String? {
    FileManager.default.contents(atPath: file.path).map { String(decoding: $0, as: UTF8.self) }
}

/// `data` with the byte at `offset` changed.
func flippingByte(of data: Data, at offset: Int) -> Data {
    var altered = data
    altered[altered.startIndex + offset] ^= 0x01
    return altered
}

/// A workspace's trust store holding `keys` by name.
@discardableResult
func trust(_ keys: [(name: String, key: SigningKey)], in workspace: URL) throws -> TrustStore {
    var store = try TrustStore(workspace: workspace)
    for (name, key) in keys { try store.add(key.publicKey, name: name) }
    return store
}
