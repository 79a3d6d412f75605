import DuchaPlugins
import DuchaScripting
import DuchaStore
import Foundation
import Testing

/// A plugin whose dependency, or a dependency of that, is disabled or missing does not run:
/// its reports, commands and formats are refused with the plugin at fault.
@Suite struct PluginDependencyTests {
    private let workspace: Workspace

    /// `bulletin` depends on `formats`, which depends on `numerals`.
    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ducha-dependencies-\(UUID())")
        workspace = try Workspace.create(
            at: folder, configuration: WorkspaceConfiguration(name: "依赖", identity: .init(user: "analyst")))
        try plugin("numerals", sections: "")
        try plugin("formats", sections: "[dependencies]\nnumerals = \"^1.0\"\n[formats]\nofficial = \"run.lua\"\n")
        try plugin(
            "bulletin",
            sections: """
                [dependencies]
                formats = "^1.0"
                [reports]
                daily = "run.lua"
                [commands]
                bulletin = "run.lua"
                """)
    }

    private func plugin(_ name: String, sections: String) throws {
        let folder = workspace.directory.appendingPathComponent("plugins/\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let manifest = "name = \"\(name)\"\nversion = \"1.0.0\"\napi = \"^1.0\"\n" + sections
        try Data(manifest.utf8).write(to: folder.appendingPathComponent(PluginManifest.fileName))
        try Data("return function() return '' end\n".utf8).write(to: folder.appendingPathComponent("run.lua"))
    }

    private func refusal(_ name: String, in kind: KeyPath<PluginManifest, [String: String]>) -> String {
        do {
            _ = try PluginCatalog(workspace: workspace).entry(name, in: kind)
            return "(no error)"
        } catch {
            return "\(error)"
        }
    }

    @Test func everythingRunsWhileTheDependenciesAreEnabled() throws {
        #expect(try PluginCatalog(workspace: workspace).entry("daily", in: \.reports) != nil)
        #expect(try PluginCatalog(workspace: workspace).entry("official", in: \.formats) != nil)
    }

    @Test func aDisabledDependencyStopsTheReportsCommandsAndFormatsOfThePluginsOnIt() throws {
        try InstalledPlugins(workspace: workspace.directory).setEnabled(false, name: "formats")
        let message =
            "plugin bulletin cannot run: it depends on formats, which is disabled "
            + "(`ducha plugin enable formats` switches it on)"
        #expect(refusal("daily", in: \.reports) == message)
        #expect(refusal("bulletin", in: \.commands) == message)
        #expect(throws: UnrunnablePlugin.self) { try ReportCatalog(workspace: workspace).report("daily") }
    }

    @Test func aDisabledDependencyFurtherDownIsNamedWithThePathToIt() throws {
        try InstalledPlugins(workspace: workspace.directory).setEnabled(false, name: "numerals")
        #expect(
            refusal("daily", in: \.reports)
                == "plugin bulletin cannot run: it depends on formats, which depends on numerals, which is disabled "
                + "(`ducha plugin enable numerals` switches it on)")
        #expect(refusal("official", in: \.formats).hasPrefix("plugin formats cannot run: it depends on numerals"))
    }

    @Test func aMissingDependencyIsNamed() throws {
        try FileManager.default.removeItem(at: workspace.directory.appendingPathComponent("plugins/numerals"))
        #expect(
            refusal("official", in: \.formats)
                == "plugin formats cannot run: it depends on numerals, which is not installed "
                + "(`ducha plugin install numerals` installs it)")
    }
}
