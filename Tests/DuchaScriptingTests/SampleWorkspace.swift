import DuchaScripting
import DuchaStore
import Foundation
import LuaKit

/// A workspace holding the sample `yiyang-2021`, made once per test run.
enum SampleWorkspace {
    static let shared: Workspace = fresh(grants: [])
    static let confidential: Workspace = fresh(grants: ["confidential"])

    /// A new workspace holding the sample, whose user holds `grants`.
    static func fresh(grants: [String]) -> Workspace {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ducha-scripting-\(UUID().uuidString)")
        let workspace = try! Workspace.create(
            at: folder,
            configuration: WorkspaceConfiguration(
                name: "样例", asOf: YiyangSample.asOf, identity: .init(user: "analyst", grants: grants)))
        try! workspace.openStore().insert(YiyangSample.records())
        return workspace
    }

    /// Runs `source` as a script against the sample and returns what it returns.
    static func run(_ source: String, workspace: Workspace = shared, sandboxed: Bool = false) throws -> [LuaValue] {
        let host = try ScriptHost(options: ScriptOptions(sandboxed: sandboxed, workspace: workspace))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("script-\(UUID().uuidString).lua")
        try Data(source.utf8).write(to: file)
        return try host.runFile(at: file.path).map { try $0.map(host.state.value(of:)) ?? .nil }
    }

    /// The message of the error `source` raises.
    static func failure(_ source: String) -> String { failureIn(source, workspace: shared) }

    /// The message of the error `source` raises in `workspace`.
    static func failureIn(_ source: String, workspace: Workspace) -> String {
        do {
            _ = try run(source, workspace: workspace)
            return "(no error)"
        } catch {
            return "\(error)"
        }
    }
}
