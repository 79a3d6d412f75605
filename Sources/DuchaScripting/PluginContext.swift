import DuchaPlugins
import DuchaReports
import LuaKit
import Foundation

/// A plugin whose code a script host runs, with the plugins its `require` may reach.
public struct PluginContext: Sendable {
    public let plugin: InstalledPlugin
    /// Installed plugins by name; `require` reaches only those the plugin declares.
    public let available: [String: InstalledPlugin]

    public init(plugin: InstalledPlugin, available: [String: InstalledPlugin]) {
        self.plugin = plugin
        self.available = available
    }

    /// Who refusals name.
    var holder: String { "plugin \(plugin.manifest.name)" }

    /// The workspace path a plugin may write a file to: relative to the workspace, and
    /// under one of the folders it declares in `files`.
    func permittedFile(_ path: String, workspace: URL?) throws -> String {
        let declared = plugin.manifest.permissions.files
        guard let workspace, !declared.isEmpty else {
            throw PluginFileError(holder: holder, path: path, declared: declared)
        }
        let root = workspace.standardizedFileURL.path
        let target = URL(fileURLWithPath: path, relativeTo: workspace).standardizedFileURL.path
        guard target.hasPrefix(root + "/") else {
            throw PluginFileError(holder: holder, path: path, declared: declared)
        }
        let relative = String(target.dropFirst(root.count + 1))
        guard declared.contains(where: { relative.hasPrefix($0) }) else {
            throw PluginFileError(holder: holder, path: path, declared: declared)
        }
        // A plugin writes reports: never a script, a manifest or a database, whatever folder.
        guard ReportFiles.isReport(relative) else {
            throw PluginFileError(
                holder: holder, path: path, declared: declared,
                reason: "a plugin saves reports only, as \(ReportFiles.extensions) files")
        }
        // A declared folder that is a link to elsewhere would carry the file out of the
        // workspace: the nearest folder that exists must resolve to inside it.
        let folder = URL(fileURLWithPath: (target as NSString).deletingLastPathComponent)
        var existing = folder
        while !FileManager.default.fileExists(atPath: existing.path) { existing.deleteLastPathComponent() }
        let resolvedRoot = workspace.resolvingSymlinksInPath().path
        let resolved = existing.resolvingSymlinksInPath().path
        guard resolved == resolvedRoot || resolved.hasPrefix(resolvedRoot + "/"),
            (try? FileManager.default.destinationOfSymbolicLink(atPath: target)) == nil
        else {
            throw PluginFileError(holder: holder, path: path, declared: declared)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return target
    }
}

/// A file a plugin may not write.
struct PluginFileError: Error, CustomStringConvertible {
    let holder: String
    let path: String
    let declared: [String]
    var reason: String?

    var description: String {
        if let reason { return "\(holder) may not write '\(path)': \(reason)" }
        return declared.isEmpty
            ? "\(holder) may not write files: it declares no files = [...] in plugin.toml"
            : "\(holder) may not write '\(path)': it may write only under \(declared.joined(separator: ", ")) in the workspace"
    }
}

extension InstalledPlugin {
    /// The source of the plugin's Lua file `file` and the name messages give it
    /// (`NAME/FILE`); nil when the plugin has no such file.
    func script(_ file: String) -> (source: [UInt8], name: String)? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path) else {
            return nil
        }
        return (Array(data), "\(manifest.name)/\(file)")
    }
}

/// Where `report.save` may write outside plugins: a trusted script anywhere, but only a
/// report (so a slip cannot overwrite a script, `ducha.toml` or the database); a
/// sandboxed script nowhere, since it declares no folders: it hands its report to `--out`.
enum ReportFiles {
    /// The extensions of the report formats, for messages.
    static var extensions: String { ReportFormat.allCases.map { "." + $0.fileExtension }.joined(separator: ", ") }

    /// Whether `path` names a file of a report format.
    static func isReport(_ path: String) -> Bool {
        ReportFormat.allCases.map(\.fileExtension).contains((path as NSString).pathExtension.lowercased())
    }

    static func permittedFile(_ path: String, sandboxed: Bool) throws -> String {
        if sandboxed {
            throw LuaScriptError("report.save is not available under --sandbox: write the report with --out PATH")
        }
        guard isReport(path) else {
            throw LuaScriptError("report.save writes reports only, as \(extensions) files, not '\(path)'")
        }
        return path
    }
}
