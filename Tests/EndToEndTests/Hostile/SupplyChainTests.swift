import Foundation
import Testing

/// Plugins that try to reach past their folder, shadow what ducha ships, or slip in
/// unsigned, altered, cyclic or unsatisfiable: each install is refused with the reason and
/// leaves the workspace exactly as it was.
@Suite struct SupplyChainTests {
    /// A plugin folder outside the workspace, with `plugin.toml` and files.
    private func plugin(_ name: String, manifest: String, files: [String: String] = [:]) throws -> URL {
        let folder = try Hostile.scripts([:]).appendingPathComponent(name)
        for (path, text) in files.merging(["plugin.toml": "name = \"\(name)\"\n" + manifest]) { $1 } {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        return folder
    }

    static let base = "version = \"1.0.0\"\napi = \"^1.0\"\n"

    /// Manifests refused before anything is installed, and words the refusal holds.
    static let manifests: [(String, String, String)] = [
        ("a report outside the plugin folder", base + "[reports]\nx = \"../../ducha.toml\"\n", "x"),
        ("a report at an absolute path", base + "[reports]\nx = \"/etc/passwd\"\n", "/etc/passwd"),
        ("a main module outside the folder", base + "main = \"../init.lua\"\n", "main"),
        ("a command outside the folder", base + "[commands]\nx = \"commands/../../x.lua\"\n", "x"),
        ("a files permission on reports/", base + "[permissions]\nfiles = [\"reports/\"]\n", "reports/"),
        ("a files permission on plugins/", base + "[permissions]\nfiles = [\"plugins/\"]\n", "plugins/"),
        ("a files permission on a hidden folder", base + "[permissions]\nfiles = [\".git/\"]\n", ".git/"),
        ("a files permission outside the workspace", base + "[permissions]\nfiles = [\"../\"]\n", "../"),
        ("a files permission at an absolute path", base + "[permissions]\nfiles = [\"/tmp/\"]\n", "/tmp/"),
        ("a read permission on the audit trail", base + "[permissions]\nread = [\"ducha_audit\"]\n", "ducha_audit"),
        ("a write permission on an unknown collection", base + "[permissions]\nwrite = [\"persons\"]\n", "persons"),
        ("an api range this ducha does not satisfy", "version = \"1.0.0\"\napi = \"^9.0\"\n", "^9.0"),
        ("an api range that is no range", "version = \"1.0.0\"\napi = \"latest\"\n", "api"),
        ("a version that is not semantic", "version = \"1.x\"\napi = \"^1.0\"\n", "1.x"),
        ("a dependency nobody provides", base + "[dependencies]\nnowhere = \"^1.0\"\n", "nowhere"),
        ("a report shadowing a shipped one", base + "[reports]\noverview = \"reports/x.lua\"\n", "overview"),
        ("a command shadowing a built-in one", base + "[commands]\nexport = \"commands/x.lua\"\n", "export"),
        ("a format shadowing a built-in one", base + "[formats]\ncsv = \"formats/x.lua\"\n", "csv"),
    ]

    @Test(arguments: manifests.indices)
    func aBadManifestIsRefused(index: Int) throws {
        let (_, manifest, word) = Self.manifests[index]
        let folder = try plugin(
            "bad", manifest: manifest,
            files: [
                "reports/x.lua": "return 1", "commands/x.lua": "return 1",
                "formats/x.lua": "return function() return '' end",
            ])
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        try Hostile.expectClean(
            ["plugin", "install", folder.path, "--allow-unsigned", "--yes"], in: workspace, naming: [word],
            budget: .init(seconds: 10, megabytes: 256))
    }

    @Test func anUnsignedPluginNeedsAllowUnsigned() throws {
        let folder = try plugin("plain", manifest: Self.base)
        try Hostile.expectClean(
            ["plugin", "install", folder.path, "--yes"], in: Fixtures.copy(Fixtures.sample.get()),
            naming: ["--allow-unsigned"], budget: .init(seconds: 10, megabytes: 256))
    }

    @Test func aSymlinkInAnArchiveIsRefused() throws {
        let archive = try Hostile.scripts([:]).appendingPathComponent("linked-1.0.0.zip")
        try Hostile.python(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("plugin.toml", 'name = "linked"\\nversion = "1.0.0"\\napi = "^1.0"\\n[reports]\\nx = "reports/x.lua"\\n')
                info = zipfile.ZipInfo("reports/x.lua")
                info.external_attr = (0o120777 << 16)
                z.writestr(info, "../../../ducha.toml")
            """, [archive.path])
        try Hostile.expectClean(
            ["plugin", "install", archive.path, "--allow-unsigned", "--yes"], in: Fixtures.copy(Fixtures.sample.get()),
            naming: ["reports/x.lua"], budget: .init(seconds: 10, megabytes: 256))
    }

    @Test func anArchiveThatInflatesToGigabytesIsRefused() throws {
        let archive = try Hostile.scripts([:]).appendingPathComponent("bomb-1.0.0.zip")
        try Hostile.python(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("plugin.toml", 'name = "bomb"\\nversion = "1.0.0"\\napi = "^1.0"\\n')
                with z.open("reports/big.lua", "w", force_zip64=True) as f:
                    block = b" " * (1 << 24)
                    for _ in range(80):
                        f.write(block)
            """, [archive.path])
        try Hostile.expectClean(
            ["plugin", "install", archive.path, "--allow-unsigned", "--yes"], in: Fixtures.copy(Fixtures.sample.get()),
            naming: ["bomb"], budget: .init(seconds: 10, megabytes: 256))
    }

    @Test func aTruncatedArchiveIsRefused() throws {
        let folder = try plugin(
            "cut", manifest: Self.base, files: ["reports/x.lua": String(repeating: "-- x\n", count: 1000)])
        let packed = try Ducha.run(["plugin", "pack", folder.path], in: folder.deletingLastPathComponent())
        try #require(packed.status == 0, "\(packed.standardError)")
        let archive = folder.deletingLastPathComponent().appendingPathComponent("cut-1.0.0.zip")
        let bytes = try Data(contentsOf: archive)
        try bytes.prefix(bytes.count / 2).write(to: archive)
        try Hostile.expectClean(
            ["plugin", "install", archive.path, "--allow-unsigned", "--yes"], in: Fixtures.copy(Fixtures.sample.get()),
            naming: ["cut-1.0.0.zip"], budget: .init(seconds: 10, megabytes: 256))
    }

    @Test func aDependencyCycleIsRefused() throws {
        let root = try Hostile.scripts([:])
        let registry = root.appendingPathComponent("registry")
        let keyed = try Ducha.run(["keygen", "--out", "key"], in: root)
        try #require(keyed.status == 0, "\(keyed.standardError)")
        for (name, other) in [("ping", "pong"), ("pong", "ping")] {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("name = \"\(name)\"\n\(Self.base)[dependencies]\n\(other) = \"^1.0\"\n".utf8)
                .write(to: folder.appendingPathComponent("plugin.toml"))
            let published = try Ducha.run(
                ["plugin", "publish", name, "--registry", registry.path, "--key", "key"], in: root)
            try #require(published.status == 0, "\(published.standardError)")
        }
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        try Hostile.expectClean(
            ["plugin", "install", "ping", "--registry", registry.path, "--allow-unsigned", "--yes"], in: workspace,
            naming: ["cycle"], budget: .init(seconds: 10, megabytes: 256))
    }

    @Test func installLockedWithoutALockIsRefused() throws {
        try Hostile.expectClean(
            ["plugin", "install", "--locked", "--yes"], in: Fixtures.copy(Fixtures.sample.get()),
            naming: ["ducha.lock"], budget: .init(seconds: 10, megabytes: 256))
    }

    @Test func installLockedWithALockNoRegistryServesIsRefused() throws {
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        let lock = """
            [[plugin]]
            name = 'ghost'
            version = '1.0.0'
            registry = '\(workspace.deletingLastPathComponent().path)/nowhere'
            sha256 = '\(String(repeating: "0", count: 64))'
            signer = 'nobody'
            """
        try Data(lock.utf8).write(to: workspace.appendingPathComponent("ducha.lock"))
        try Hostile.expectClean(
            ["plugin", "install", "--locked", "--yes"], in: workspace,
            naming: ["cannot read the registry", "nowhere"], budget: .init(seconds: 10, megabytes: 256))
    }

    @Test func aDisabledPluginCannotServeAsADependency() throws {
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        let base = try plugin("base-lib", manifest: Self.base, files: ["init.lua": "return { x = 1 }"])
        try #require(
            try Ducha.run(["plugin", "install", base.path, "--allow-unsigned", "--yes"], in: workspace).status == 0)
        try #require(try Ducha.run(["plugin", "disable", "base-lib"], in: workspace).status == 0)
        let user = try plugin(
            "lib-user",
            manifest: Self.base + "[dependencies]\nbase-lib = \"^1.0\"\n[reports]\nuse = \"reports/use.lua\"\n",
            files: ["reports/use.lua": "return require('base-lib').x"])
        try #require(
            try Ducha.run(["plugin", "install", user.path, "--allow-unsigned", "--yes"], in: workspace).status == 0)
        try Hostile.expectClean(["report", "use"], in: workspace, naming: ["base-lib"])
    }
}
