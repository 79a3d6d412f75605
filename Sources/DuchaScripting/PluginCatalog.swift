import DuchaPlugins
import DuchaStore

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
