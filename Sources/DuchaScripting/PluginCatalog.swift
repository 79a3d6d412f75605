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
        try Self.checkDependencies(of: plugin, among: available)
        return (PluginContext(plugin: plugin, available: available), plugin.manifest[keyPath: kind][name]!)
    }

    /// The names the enabled plugins provide of one kind, sorted.
    public func names(in kind: KeyPath<PluginManifest, [String: String]>) -> [String] {
        ((try? active()) ?? []).flatMap { $0.manifest[keyPath: kind].keys }.sorted()
    }

    /// Refuses to run a plugin that depends, directly or through other plugins, on one that
    /// is disabled or not installed: it would run code the user switched off, or fail part
    /// way through.
    private static func checkDependencies(of plugin: InstalledPlugin, among available: [String: InstalledPlugin])
        throws
    {
        var chains = [[plugin.manifest.name]]
        var visited: Set = [plugin.manifest.name]
        while !chains.isEmpty {
            let chain = chains.removeFirst()
            let dependencies = available[chain.last!]?.manifest.dependencies.keys.sorted() ?? []
            for dependency in dependencies where visited.insert(dependency).inserted {
                let path = chain + [dependency]
                guard let installed = available[dependency] else {
                    throw UnrunnablePlugin(chain: path, reason: .notInstalled)
                }
                guard installed.isEnabled else { throw UnrunnablePlugin(chain: path, reason: .disabled) }
                chains.append(path)
            }
        }
    }
}

/// A plugin that cannot run because a plugin it depends on cannot.
public struct UnrunnablePlugin: Error, CustomStringConvertible {
    public enum Reason: Sendable {
        case disabled, notInstalled
    }

    /// The plugin asked for, the plugins it depends on through, and the one at fault.
    public let chain: [String]
    public let reason: Reason

    public var description: String {
        let through = chain.dropFirst().map { "depends on \($0)" }.joined(separator: ", which ")
        let culprit = chain.last!
        let state =
            switch reason {
            case .disabled: "is disabled (`ducha plugin enable \(culprit)` switches it on)"
            case .notInstalled: "is not installed (`ducha plugin install \(culprit)` installs it)"
            }
        return "plugin \(chain[0]) cannot run: it \(through), which \(state)"
    }
}
