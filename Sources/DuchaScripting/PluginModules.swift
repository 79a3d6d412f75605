import DuchaPlugins
import Foundation
import LuaKit

/// `require` for plugin code: a plugin reaches its own modules (`NAME`, `NAME.sub.module`),
/// those of the enabled plugins it declares as dependencies, and `ducha.report` — nothing else.
/// Each plugin's modules run in that plugin's own sandbox environment, and each module is
/// loaded once per state.
final class PluginModules {
    private let state: LuaState
    private let context: PluginContext
    private let ducha: LuaValue
    private let report: LuaValue
    private var environments: [String: LuaReference] = [:]
    private var loaded: [String: LuaReference] = [:]

    init(state: LuaState, context: PluginContext, ducha: LuaValue, report: LuaValue) {
        self.state = state
        self.context = context
        self.ducha = ducha
        self.report = report
    }

    /// Makes `environment` the running plugin's own, with `ducha` and its `require`.
    func adopt(_ environment: LuaReference) throws {
        environments[context.plugin.manifest.name] = environment
        try furnish(environment, for: context.plugin)
    }

    private func environment(for plugin: InstalledPlugin) throws -> LuaReference {
        if let environment = environments[plugin.manifest.name] { return environment }
        let environment = try state.newSandboxEnvironment()
        environments[plugin.manifest.name] = environment
        try furnish(environment, for: plugin)
        return environment
    }

    private func furnish(_ environment: LuaReference, for plugin: InstalledPlugin) throws {
        try state.rawSet(environment, "ducha", ducha)
        try state.rawSet(
            environment, "require",
            state.function("require") { [unowned self] call in
                let name = try call.string(1)
                try call.push(try require(name, from: plugin, state: call.state))
            })
    }

    private func require(_ name: String, from requester: InstalledPlugin, state: LuaState) throws -> LuaValue {
        if name == "ducha.report" { return report }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let owner: InstalledPlugin
        if parts[0] == requester.manifest.name {
            owner = requester
        } else if requester.manifest.dependencies[parts[0]] != nil, let dependency = context.available[parts[0]] {
            guard dependency.isEnabled else {
                throw LuaScriptError(
                    "module '\(name)' cannot be loaded: plugin \(parts[0]) is disabled "
                        + "(`ducha plugin enable \(parts[0])` switches it on)")
            }
            owner = dependency
        } else {
            throw LuaScriptError(notFound(name, requester))
        }
        let file: String
        if parts.count == 1 {
            guard let main = owner.manifest.main else {
                throw LuaScriptError("module '\(name)' not found: plugin \(owner.manifest.name) has no main module")
            }
            file = main
        } else {
            let path = parts.dropFirst()
            guard
                path.allSatisfy({
                    !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                })
            else {
                throw LuaScriptError("module '\(name)' is not a module name")
            }
            file = path.joined(separator: "/") + ".lua"
        }
        let key = "\(owner.manifest.name)/\(file)"
        if let module = loaded[key] { return .tableReference(module) }
        guard let script = owner.script(file) else {
            throw LuaScriptError("module '\(name)' not found: plugin \(owner.manifest.name) has no \(file)")
        }
        let chunk = try state.load(
            bytes: script.source, name: "@" + script.name, environment: try environment(for: owner))
        let result = try state.callReturningReferences(chunk, [LuaValue(name)]).first ?? nil
        let module = try result ?? state.reference(to: .boolean(true))
        loaded[key] = module
        return .tableReference(module)
    }

    private func notFound(_ name: String, _ requester: InstalledPlugin) -> String {
        let own = requester.manifest.name
        let dependencies = requester.manifest.dependencies.keys.sorted()
        return "module '\(name)' not found: plugin \(own) may require \(own) and \(own).*, "
            + (dependencies.isEmpty ? "" : "its dependencies (\(dependencies.joined(separator: ", "))), ")
            + "and ducha.report"
    }
}
