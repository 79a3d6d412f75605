import DuchaPlugins
import DuchaReports
import DuchaStore
import Foundation
import LuaKit

/// Running plugin code: each run gets a state of its own, sandboxed with the plugin's
/// permissions and limits, whatever state asked for it.
public enum PluginRuns {
    /// A state of its own for the plugin's code, confined to its permissions.
    public static func host(
        for context: PluginContext, workspace: Workspace, asOf: String?, limits: LuaLimits? = nil
    ) throws -> ScriptHost {
        try ScriptHost(options: ScriptOptions(limits: limits, workspace: workspace, asOf: asOf, plugin: context))
    }

    /// Runs a plugin's report or command script and returns the document it built.
    public static func document(
        of context: PluginContext, file: String, arguments: [String] = [], workspace: Workspace, asOf: String?,
        limits: LuaLimits? = nil
    ) throws -> ReportDocument {
        let host = try host(for: context, workspace: workspace, asOf: asOf, limits: limits)
        try host.runPluginScript(file, arguments: arguments)
        return try host.reportDocument()
    }

    /// Renders `document` with the output format `name` an enabled plugin provides; nil
    /// when no plugin provides it. A format sees the whole document, whoever made it, so it
    /// runs with no permissions at all: it cannot read records, write or save files — it
    /// can only return text, which goes where the user asked.
    public static func render(
        _ document: ReportDocument, format name: String, catalog: PluginCatalog, asOf: String? = nil
    ) throws -> String? {
        guard let workspace = catalog.workspace, let (context, file) = try catalog.entry(name, in: \.formats) else {
            return nil
        }
        var manifest = context.plugin.manifest
        manifest.permissions = PluginPermissions()
        let confined = PluginContext(
            plugin: InstalledPlugin(manifest: manifest, folder: context.plugin.folder, isEnabled: true),
            available: context.available)
        let host = try host(for: confined, workspace: workspace, asOf: asOf)
        let module = try host.runPluginScript(file).first.flatMap { $0 }.map { try host.state.value(of: $0) } ?? .nil
        guard case .function = module else {
            throw LuaScriptError(
                "\(context.plugin.manifest.name)/\(file) must return a function from the report document to text")
        }
        guard let text = try host.call(module, [ReportOutput.luaValue(of: document)]).first?.stringValue else {
            throw LuaScriptError("the format '\(name)' of plugin \(context.plugin.manifest.name) returned no text")
        }
        return text
    }
}
