import DuchaPlugins
import DuchaScripting
import DuchaStore
import Foundation
import Testing

/// Which report `ducha report NAME` runs when a plugin's report has a shipped report's name:
/// the shipped one, unless `ducha.lock` records that the user agreed to the replacement.
@Suite struct ReportPrecedenceTests {
    private let workspace: Workspace

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ducha-reports-\(UUID().uuidString)")
        workspace = try Workspace.create(
            at: folder, configuration: WorkspaceConfiguration(name: "报告", identity: .init(user: "analyst")))
        let plugin = workspace.directory.appendingPathComponent("plugins/own-overview")
        try FileManager.default.createDirectory(at: plugin, withIntermediateDirectories: true)
        try Data(
            """
            name = "own-overview"
            version = "1.0.0"
            api = "^1.0"

            [reports]
            overview = "overview.lua"
            own-daily = "overview.lua"
            """.utf8
        ).write(to: plugin.appendingPathComponent(PluginManifest.fileName))
        try Data("return 1\n".utf8).write(to: plugin.appendingPathComponent("overview.lua"))
    }

    /// The name of what `report` would run: the plugin's, or the shipped script's file.
    private func runner(of name: String) throws -> String {
        switch try ReportCatalog(workspace: workspace).report(name) {
        case .script(_, let file): file
        case .plugin(let context, let file): "\(context.plugin.manifest.name)/\(file)"
        }
    }

    private func lock(replaces: [String]?) throws {
        try Lockfile(entries: [
            Lockfile.Entry(
                name: "own-overview", version: "1.0.0", registry: "/registry", sha256: "", signer: "",
                requested: "^1.0", replaces: replaces)
        ]).write(workspace: workspace.directory)
    }

    @Test func aPluginPutInPlaceByHandDoesNotShadowAShippedReport() throws {
        #expect(try runner(of: "overview") == "overview.lua")
        #expect(try runner(of: "own-daily") == "own-overview/overview.lua")
    }

    @Test func aPluginInstalledWithoutConsentDoesNotShadowAShippedReport() throws {
        try lock(replaces: nil)
        #expect(try runner(of: "overview") == "overview.lua")
    }

    @Test func aReplacementTheLockRecordsRunsInsteadOfTheShippedReport() throws {
        try lock(replaces: ["overview"])
        #expect(try runner(of: "overview") == "own-overview/overview.lua")
    }

    @Test func aDisabledPluginReplacesNothing() throws {
        try lock(replaces: ["overview"])
        try InstalledPlugins(workspace: workspace.directory).setEnabled(false, name: "own-overview")
        #expect(try runner(of: "overview") == "overview.lua")
    }

    @Test func theWorkspacesOwnReportStillWinsOverEither() throws {
        try lock(replaces: ["overview"])
        let reports = workspace.directory.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try Data("return 2\n".utf8).write(to: reports.appendingPathComponent("overview.lua"))
        #expect(try runner(of: "overview") == "reports/overview.lua")
    }
}
