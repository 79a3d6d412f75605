import DuchaModel
import Foundation
import TOMLKit

/// A `plugin.toml` that cannot be used: the file, the key and what is wrong.
public struct ManifestError: Error, Equatable, CustomStringConvertible {
    public let file: String
    /// The dotted key at fault; nil for the file as a whole.
    public let key: String?
    public let reason: String

    public var description: String { "\(file): " + (key.map { "'\($0)': " } ?? "") + reason }
}

extension PluginManifest {
    /// Whether `text` is a plugin name: 1 to 64 lower-case letters, digits and hyphens, not
    /// starting with a hyphen.
    public static func isValidName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first != "-", text.unicodeScalars.count <= 64 else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Reads and checks `plugin.toml` text; `file` is how errors name it. Collection names
    /// are checked against `schema`.
    public init(parsing text: String, file: String, schema: Schema = .v1) throws {
        try Self.refuseOversized(text, file: file)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ManifestError(
                file: file, key: nil, reason: "line \(error.source.begin.line): \(error.description)")
        }
        let reader = ManifestReader(file: file, table: table, schema: schema)
        try reader.refuseUnknownKeys(
            in: table, prefix: "",
            valid: [
                "name", "version", "api", "description", "team", "license", "main", "dependencies",
                "permissions", "reports", "commands", "formats",
            ])
        name = try reader.name("name", required: true)!
        version = try reader.version("version")
        api = try reader.range("api", in: table)
        description = try reader.string("description") ?? ""
        team = try reader.string("team") ?? ""
        license = try reader.string("license") ?? ""
        main = try reader.path("main", in: table, extension: "lua")
        dependencies = try reader.dependencies()
        permissions = try reader.permissions()
        reports = try reader.entryPoints("reports")
        commands = try reader.entryPoints("commands")
        formats = try reader.entryPoints("formats")
        if dependencies[name] != nil {
            throw ManifestError(file: file, key: "dependencies.\(name)", reason: "a plugin cannot depend on itself")
        }
    }

    /// The largest `plugin.toml` read, and the deepest nesting of arrays and inline tables:
    /// a manifest is a few lines, and the TOML parser's memory and recursion grow with both.
    static let maximumBytes = 64 << 10
    static let maximumNesting = 16

    private static func refuseOversized(_ text: String, file: String) throws {
        guard text.utf8.count <= maximumBytes else {
            throw ManifestError(
                file: file, key: nil, reason: "\(text.utf8.count) bytes: a manifest may hold at most \(maximumBytes)")
        }
        var depth = 0
        var quote: UInt8?
        for byte in text.utf8 {
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumNesting {
                    throw ManifestError(
                        file: file, key: nil,
                        reason: "arrays and tables nested more than \(maximumNesting) deep")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            case UInt8(ascii: "\n"): quote = nil
            default: break
            }
        }
    }

    /// Reads `plugin.toml` in `folder`.
    public init(folder: URL, schema: Schema = .v1) throws {
        let file = folder.appendingPathComponent(Self.fileName)
        if let size = try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int,
            size > Self.maximumBytes
        {
            throw ManifestError(
                file: file.path, key: nil, reason: "\(size) bytes: a manifest may hold at most \(Self.maximumBytes)")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw ManifestError(file: file.path, key: nil, reason: "no such file: a plugin folder holds a plugin.toml")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: file.path, key: nil, reason: "not UTF-8 text")
        }
        try self.init(parsing: text, file: file.path, schema: schema)
    }

    /// Checks that every script the manifest names exists in `folder`.
    public func checkScripts(in folder: URL, file: String) throws {
        for script in scripts
        where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(script).path) {
            throw ManifestError(file: file, key: nil, reason: "names \(script), which the plugin does not contain")
        }
    }
}

/// Reads typed values out of the manifest's table, naming the key in every error.
private struct ManifestReader {
    let file: String
    let table: TOMLTable
    let schema: Schema

    func fail(_ key: String, _ reason: String) -> ManifestError { ManifestError(file: file, key: key, reason: reason) }

    func refuseUnknownKeys(in table: TOMLTable, prefix: String, valid: [String]) throws {
        for key in table.keys where !valid.contains(key) {
            throw fail(prefix + key, "unknown key (valid: \(valid.joined(separator: ", ")))")
        }
    }

    func string(_ key: String, in table: TOMLTable? = nil, prefix: String = "") throws -> String? {
        guard let value = (table ?? self.table)[key] else { return nil }
        guard let text = value.string else { throw fail(prefix + key, "must be a string, not \(value.type)") }
        return text
    }

    func name(_ key: String, required: Bool) throws -> String? {
        guard let text = try string(key) else {
            if required {
                throw fail(key, "missing: every plugin has a name of lower-case letters, digits and hyphens")
            }
            return nil
        }
        guard PluginManifest.isValidName(text) else {
            throw fail(
                key, "'\(text)' is not a plugin name (lower-case letters, digits and hyphens, e.g. taojiang-bulletin)")
        }
        return text
    }

    func version(_ key: String) throws -> SemanticVersion {
        guard let text = try string(key) else { throw fail(key, "missing: a semantic version such as 1.0.0") }
        guard let version = SemanticVersion(text) else {
            throw fail(key, "'\(text)' is not a semantic version (for example 1.2.0)")
        }
        return version
    }

    func range(_ key: String, in table: TOMLTable, prefix: String = "") throws -> VersionRange {
        guard let text = try string(key, in: table, prefix: prefix) else {
            throw fail(prefix + key, "missing: the ducha Lua API versions the plugin works with, e.g. \"^1.0\"")
        }
        guard let range = VersionRange(text) else {
            throw fail(prefix + key, "'\(text)' is not a version range (for example ^1.0, ~1.2, >=1.0 <2.0 or *)")
        }
        return range
    }

    /// A path inside the plugin folder: relative, without `..`, and with the extension.
    func path(_ key: String, in table: TOMLTable, prefix: String = "", extension: String?) throws -> String? {
        guard let text = try string(key, in: table, prefix: prefix) else { return nil }
        try checkRelative(text, key: prefix + key)
        if let `extension`, !text.hasSuffix("." + `extension`) {
            throw fail(prefix + key, "'\(text)' must be a .\(`extension`) file")
        }
        return text
    }

    func checkRelative(_ text: String, key: String, inside place: String = "the plugin") throws {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard !trimmed.hasPrefix("/"), !trimmed.contains("\\"),
            parts.allSatisfy({ !$0.isEmpty && $0 != ".." && $0 != "." })
        else {
            throw fail(key, "'\(text)' must be a relative path inside \(place), without '..'")
        }
    }

    func subtable(_ key: String) throws -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let subtable = value.table else { throw fail(key, "must be a table ([\(key)])") }
        return subtable
    }

    func dependencies() throws -> [String: VersionRange] {
        guard let dependencies = try subtable("dependencies") else { return [:] }
        var result: [String: VersionRange] = [:]
        for name in dependencies.keys {
            guard PluginManifest.isValidName(name) else {
                throw fail("dependencies.\(name)", "'\(name)' is not a plugin name")
            }
            result[name] = try range(name, in: dependencies, prefix: "dependencies.")
        }
        return result
    }

    func permissions() throws -> PluginPermissions {
        guard let permissions = try subtable("permissions") else { return PluginPermissions() }
        try refuseUnknownKeys(
            in: permissions, prefix: "permissions.", valid: ["read", "confidential", "write", "files"])
        var result = PluginPermissions()
        result.read = try collections("read", in: permissions, allowingAll: true)
        result.write = try collections("write", in: permissions, allowingAll: false)
        if let value = permissions["confidential"] {
            guard let flag = value.bool else { throw fail("permissions.confidential", "must be true or false") }
            result.confidential = flag
        }
        result.files = try strings("files", in: permissions).map { path in
            try checkRelative(path, key: "permissions.files", inside: "the workspace")
            let folder = path.hasSuffix("/") ? path : path + "/"
            // Folders ducha itself reads code or settings from are never a plugin's to write.
            let first = String(folder.split(separator: "/")[0])
            guard !PluginPermissions.reservedFolders.contains(first), !first.hasPrefix(".") else {
                throw fail(
                    "permissions.files",
                    "'\(path)' is a folder ducha runs or reads (\(PluginPermissions.reservedFolders.joined(separator: ", ")), "
                        + "hidden folders); plugins write reports elsewhere, such as out/")
            }
            return folder
        }
        return result
    }

    func strings(_ key: String, in table: TOMLTable) throws -> [String] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw fail("permissions.\(key)", "must be a list of strings") }
        return try array.map { element in
            guard let text = element.string else { throw fail("permissions.\(key)", "must be a list of strings") }
            return text
        }
    }

    func collections(_ key: String, in table: TOMLTable, allowingAll: Bool) throws -> [String] {
        let names = try strings(key, in: table)
        let valid = schema.collections.map(\.name)
        for name in names where !valid.contains(name) && !(allowingAll && name == "*") {
            throw fail(
                "permissions.\(key)",
                "unknown collection '\(name)' (valid: \(valid.joined(separator: ", "))\(allowingAll ? ", or \"*\" for all" : ""))"
            )
        }
        return names
    }

    func entryPoints(_ key: String) throws -> [String: String] {
        guard let table = try subtable(key) else { return [:] }
        var result: [String: String] = [:]
        for name in table.keys {
            guard PluginManifest.isValidName(name) else {
                throw fail("\(key).\(name)", "'\(name)' is not a name of lower-case letters, digits and hyphens")
            }
            result[name] = try path(name, in: table, prefix: "\(key).", extension: "lua")
        }
        return result
    }
}
