import DuchaPlugins
import DuchaStore

/// What the enabled plugins of a workspace add: reports, commands and output formats.
/// Empty outside a workspace and when `DUCHA_DISABLE_PLUGINS=1`. The plugins' manifests
/// are read once, when first needed.
public final class PluginCatalog {
    public let workspace: Workspace?
    private var installed: [InstalledPlugin]?

    public init(workspace: Workspace?) { self.workspace = workspace }

    /// Every installed plugin, enabled or not.
    private func all() throws -> [InstalledPlugin] {
        if let installed { return installed }
        let plugins = try workspace.map { try InstalledPlugins(workspace: $0.directory).all() } ?? []
        installed = plugins
        return plugins
    }

    /// The enabled plugins.
    public func active() throws -> [InstalledPlugin] {
        InstalledPlugins.running(try all())
    }

    /// The plugin providing `name` among its reports, commands or formats, and the file;
    /// `require` in its code reaches the other installed plugins it declares.
    public func entry(_ name: String, in kind: KeyPath<PluginManifest, [String: String]>) throws -> (
        PluginContext, String
    )? {
        try entry(name, in: kind, among: try active())
    }

    /// The enabled plugin whose report `name` replaces the shipped report of that name, and
    /// the file: only one whose entry in `ducha.lock` records the user's consent, given at
    /// install. A plugin put in `plugins/` by hand never replaces a shipped report.
    public func replacement(ofShippedReport name: String) throws -> (PluginContext, String)? {
        guard let workspace else { return nil }
        let consenting = Set(
            try Lockfile(workspace: workspace.directory).entries.filter { $0.replaces?.contains(name) == true }
                .map(\.name))
        return try entry(name, in: \.reports, among: try active().filter { consenting.contains($0.manifest.name) })
    }

    private func entry(
        _ name: String, in kind: KeyPath<PluginManifest, [String: String]>, among plugins: [InstalledPlugin]
    ) throws -> (PluginContext, String)? {
        guard let plugin = plugins.first(where: { $0.manifest[keyPath: kind][name] != nil }) else { return nil }
        let available = Dictionary(try all().map { ($0.manifest.name, $0) }, uniquingKeysWith: { $1 })
        return (PluginContext(plugin: plugin, available: available), plugin.manifest[keyPath: kind][name]!)
    }

    /// The names the enabled plugins provide of one kind, sorted.
    public func names(in kind: KeyPath<PluginManifest, [String: String]>) -> [String] {
        ((try? active()) ?? []).flatMap { $0.manifest[keyPath: kind].keys }.sorted()
    }
}
