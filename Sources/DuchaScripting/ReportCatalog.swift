import DuchaPlugins
import DuchaScripts
import DuchaStore
import Foundation

/// The reports `ducha report NAME` can run: the workspace's own (`reports/NAME.lua` in the
/// workspace folder), which win, then those of enabled plugins, then those shipped with Ducha.
public struct ReportCatalog {
    public let workspace: Workspace?
    public let plugins: PluginCatalog

    /// A report to run: a script run as the user's own, or a plugin's, run confined.
    public enum Report {
        case script(source: [UInt8], name: String)
        case plugin(PluginContext, file: String)
    }

    public init(workspace: Workspace?) {
        self.workspace = workspace
        plugins = PluginCatalog(workspace: workspace)
    }

    /// The report called `name`.
    public func report(_ name: String) throws -> Report {
        if let folder = workspace?.directory.appendingPathComponent("reports") {
            let file = folder.appendingPathComponent("\(name).lua")
            if let data = FileManager.default.contents(atPath: file.path) {
                return .script(source: Array(data), name: "reports/\(name).lua")
            }
        }
        if let (context, file) = try plugins.entry(name, in: \.reports) { return .plugin(context, file: file) }
        if let shipped = ShippedScripts.all[name] { return .script(source: shipped, name: "\(name).lua") }
        throw ReportCatalogError(name: name, available: names())
    }

    /// Every report name, sorted.
    public func names() -> [String] {
        var names = Set(ShippedScripts.all.keys)
        if let folder = workspace?.directory.appendingPathComponent("reports"),
            let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        {
            names.formUnion(files.filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) })
        }
        names.formUnion(plugins.names(in: \.reports))
        return names.sorted()
    }
}

/// A report name that names no report.
public struct ReportCatalogError: Error, CustomStringConvertible {
    public let name: String
    public let available: [String]

    public var description: String { "no report named '\(name)' (available: \(available.joined(separator: ", ")))" }
}

/// What the enabled plugins of a workspace add: reports, commands and output formats.
/// Empty outside a workspace and when `DUCHA_DISABLE_PLUGINS=1`.
public struct PluginCatalog {
    public let workspace: Workspace?

    public init(workspace: Workspace?) { self.workspace = workspace }

    /// The enabled plugins.
    public func active() throws -> [InstalledPlugin] {
        guard let workspace else { return [] }
        return try InstalledPlugins(workspace: workspace.directory).active()
    }

    /// The plugin providing `name` among its reports, commands or formats, and the file.
    public func entry(_ name: String, in kind: KeyPath<PluginManifest, [String: String]>) throws -> (
        PluginContext, String
    )? {
        guard let workspace else { return nil }
        for plugin in try active() {
            if let file = plugin.manifest[keyPath: kind][name] {
                return (try PluginContext.installed(plugin, in: workspace.directory), file)
            }
        }
        return nil
    }

    /// The names the enabled plugins provide of one kind, sorted.
    public func names(in kind: KeyPath<PluginManifest, [String: String]>) -> [String] {
        ((try? active()) ?? []).flatMap { $0.manifest[keyPath: kind].keys }.sorted()
    }
}
