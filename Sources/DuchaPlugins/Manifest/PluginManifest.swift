import DuchaModel
import Foundation
import TOMLKit

/// A plugin's `plugin.toml`: who made it, which Lua API it works with, what it needs,
/// what it may do and what it adds.
public struct PluginManifest: Sendable, Equatable {
    public static let fileName = "plugin.toml"

    /// Lower-case letters, digits and hyphens: the name is also a folder, an archive file
    /// name and a `require` name.
    public var name: String
    public var version: SemanticVersion
    /// The versions of the ducha Lua API the plugin works with.
    public var api: VersionRange
    public var description: String
    public var team: String
    public var license: String
    /// The module `require("NAME")` returns, relative to the plugin folder.
    public var main: String?
    /// Other plugins this one requires, with the versions it works with.
    public var dependencies: [String: VersionRange]
    public var permissions: PluginPermissions
    /// Report names and their scripts (`ducha report NAME`).
    public var reports: [String: String]
    /// Command names and their scripts (`ducha NAME`, REPL `:NAME`).
    public var commands: [String: String]
    /// Output format names and their modules, each returning a function from the report
    /// document to text (`--format NAME`).
    public var formats: [String: String]

    /// `name version`, as messages name a plugin.
    public var title: String { "\(name) \(version)" }

    /// Every script the manifest names, relative to the plugin folder.
    public var scripts: [String] {
        ([main].compactMap { $0 } + reports.values + commands.values + formats.values).sorted()
    }

    /// Whether the plugin works with the host's Lua API version `api`.
    public func supports(api host: SemanticVersion) -> Bool { api.contains(host) }
}

/// What a plugin may do beyond computing: the collections it reads and writes, whether it
/// sees confidential values, and the workspace folders it may write files under.
public struct PluginPermissions: Sendable, Equatable {
    /// Collection names, or `["*"]` for all.
    public var read: [String]
    public var confidential: Bool
    public var write: [String]
    /// Workspace-relative folders (`out/`).
    public var files: [String]

    public init(read: [String] = [], confidential: Bool = false, write: [String] = [], files: [String] = []) {
        self.read = read
        self.confidential = confidential
        self.write = write
        self.files = files
    }

    /// The collections it may read; nil for every collection.
    public var readableCollections: Set<String>? { read.contains("*") ? nil : Set(read + write) }

    /// Workspace folders no plugin may write under: the workspace's own reports and the
    /// installed plugins are code ducha runs.
    public static let reservedFolders = ["reports", "plugins"]

    /// What it reads, in the order declared: what it writes, it reads too.
    private var readSummary: String {
        let names = read + write.filter { !read.contains($0) }
        return names.isEmpty ? "nothing" : names.joined(separator: ", ")
    }

    /// Lines a person reads before granting them at install.
    public var summary: [String] {
        [
            "reads: " + (read.contains("*") ? "every collection" : readSummary),
            "confidential values: " + (confidential ? "YES, unredacted" : "no (pseudonyms)"),
            "writes records: " + (write.isEmpty ? "none" : write.joined(separator: ", ")),
            "writes files under: " + (files.isEmpty ? "nowhere" : files.joined(separator: ", ")),
        ]
    }
}
