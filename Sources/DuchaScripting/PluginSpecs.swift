import DuchaPlugins
import DuchaStore
import Foundation
import LuaKit

/// The outcome of one `it` of a plugin's specs.
public struct SpecResult: Sendable, Equatable {
    public enum Status: String, Sendable {
        case passed, failed, pending
    }

    /// The spec file, relative to the plugin folder.
    public let file: String
    /// The names of the enclosing `describe` blocks and of the `it`, joined by spaces.
    public let name: String
    public let status: Status
    public let message: String?
}

/// Runs a plugin's `spec/*_spec.lua` files, each in a fresh state sandboxed with the
/// plugin's permissions, against `workspace` (a throwaway sample, so specs may write).
public enum PluginSpecs {
    /// The spec files of the plugin, relative to its folder, sorted.
    public static func files(of plugin: InstalledPlugin) -> [String] {
        let folder = plugin.folder.appendingPathComponent("spec")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix("_spec.lua") }.sorted().map { "spec/\($0)" }
    }

    /// Runs every spec file; a file that fails to load counts as one failed test.
    public static func run(_ context: PluginContext, workspace: Workspace, asOf: String? = nil) throws -> [SpecResult] {
        var results: [SpecResult] = []
        for file in files(of: context.plugin) {
            let host = try ScriptHost(options: ScriptOptions(workspace: workspace, asOf: asOf, plugin: context))
            do {
                results += try host.runSpecFile(file)
            } catch {
                results.append(
                    SpecResult(
                        file: file, name: "(loading \(file))", status: .failed, message: "\(ScriptFailure(error).text)")
                )
            }
        }
        return results
    }
}

extension ScriptHost {
    /// Loads a spec file with the spec globals, then runs the tests it declared.
    func runSpecFile(_ file: String) throws -> [SpecResult] {
        guard let plugin, let environment else { throw LuaScriptError("specs run only as plugin code") }
        let runner =
            try state.call(
                try state.load(bytes: PackageResources.spec_lua, name: "=spec", environment: environment),
                [.tableReference(environment)]
            ).first ?? .nil
        let helpers = try state.load(
            """
            local env, document, script = ...
            local function run(kind)
              return function(name, ...)
                local chunk = script(kind, name)
                for index = #document, 1, -1 do document[index] = nil end
                chunk(...)
                local blocks = {}
                for index, block in ipairs(document) do blocks[index] = block end
                return blocks
              end
            end
            env.run_report = run("reports")
            env.run_command = run("commands")
            """, name: "=(spec helpers)")
        let manifest = plugin.plugin.manifest
        func load(_ file: String) throws -> LuaValue {
            guard let script = plugin.plugin.script(file) else {
                throw LuaScriptError("plugin \(manifest.name) has no \(file)")
            }
            return try state.load(bytes: script.source, name: "@" + script.name, environment: environment)
        }
        let script = state.function("script") { call in
            let kind = try call.string(1)
            let name = try call.string(2)
            let scripts = kind == "reports" ? manifest.reports : manifest.commands
            guard let file = scripts[name] else {
                let valid = scripts.keys.sorted().joined(separator: ", ")
                throw LuaArgumentError(
                    position: 1,
                    reason: "plugin \(manifest.name) has no \(kind.dropLast()) '\(name)' (it has: \(valid))")
            }
            try call.push(try load(file))
        }
        try state.call(helpers, [.tableReference(environment), .tableReference(document), script])
        let chunk = try load(file)
        let results = try running {
            try state.call(chunk)
            return try state.call(runner).first ?? .nil
        }
        return (results.tableValue?.sequence ?? []).compactMap { item in
            guard let result = item.tableValue else { return nil }
            return SpecResult(
                file: file, name: result["name"].stringValue ?? "?",
                status: SpecResult.Status(rawValue: result["status"].stringValue ?? "") ?? .failed,
                message: result["message"].stringValue)
        }
    }
}
