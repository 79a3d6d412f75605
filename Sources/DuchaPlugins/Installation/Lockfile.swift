import Foundation
import TOMLKit

/// `ducha.lock`: exactly which plugins a workspace runs, where they came from and what
/// their archives hashed to, so another machine can install the very same code.
public struct Lockfile: Equatable, Sendable {
    public static let fileName = "ducha.lock"

    /// One installed plugin.
    public struct Entry: Codable, Equatable, Sendable {
        public var name: String
        public var version: String
        /// The registry's location (folder or URL), or the path it was installed from.
        public var registry: String
        public var sha256: String
        /// The name the workspace trusts the signer's key under; empty when unsigned.
        public var signer: String
        /// The range the user asked for; nil for a plugin installed as a dependency.
        public var requested: String?
        /// The shipped reports the user agreed, at install, that this plugin's reports of
        /// the same names replace; nil for none. Without that consent the shipped one runs.
        public var replaces: [String]?

        public init(
            name: String, version: String, registry: String, sha256: String, signer: String, requested: String?,
            replaces: [String]? = nil
        ) {
            self.name = name
            self.version = version
            self.registry = registry
            self.sha256 = sha256
            self.signer = signer
            self.requested = requested
            self.replaces = replaces
        }
    }

    private struct File: Codable {
        var plugin: [Entry]?
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries.sorted { $0.name < $1.name } }

    /// The lockfile of the workspace in `directory`; empty when there is none.
    public init(workspace directory: URL) throws {
        let file = directory.appendingPathComponent(Self.fileName)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            entries = []
            return
        }
        do {
            let text = String(decoding: data, as: UTF8.self)
            // A table the lock does not define (a misspelt [[plugins]]) would lock nothing.
            let unknown = try TOMLTable(string: text).keys.filter { $0 != "plugin" }
            guard unknown.isEmpty else { throw InstallError.malformedLockfile(file.path, "") }
            entries = try TOMLDecoder().decode(File.self, from: text).plugin ?? []
        } catch {
            throw InstallError.malformedLockfile(
                file.path, "not a list of [[plugin]] tables (name, version, registry, sha256, signer)")
        }
    }

    /// Whether the workspace in `directory` has a lockfile.
    public static func exists(workspace directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(fileName).path)
    }

    public func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// Writes the lockfile into the workspace in `directory`.
    public func write(workspace directory: URL) throws {
        let text = try readableTOML(File(plugin: entries.sorted { $0.name < $1.name }))
        let header =
            "# The plugins this workspace runs, pinned. Written by `ducha plugin install|update|remove`;\n"
            + "# `ducha plugin install --locked` installs exactly these.\n"
        try Data((header + text).utf8).write(to: directory.appendingPathComponent(Self.fileName), options: .atomic)
    }
}
