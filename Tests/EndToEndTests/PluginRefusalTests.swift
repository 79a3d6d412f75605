import Foundation
import Testing

/// What `ducha` refuses to install or to let plugin code do: each refusal names the
/// problem, and nothing is installed or written.
@Suite struct PluginRefusalTests {
    /// Team A's key and registry, and team B's workspace trusting A.
    struct Teams {
        let root: URL
        let teamA: URL
        let registry: URL
        let teamB: URL

        init() throws {
            root = try Ducha.folder(with: [:])
            teamA = root.appendingPathComponent("team-a")
            registry = teamA.appendingPathComponent("registry")
            teamB = root.appendingPathComponent("team-b")
            try FileManager.default.createDirectory(at: teamA, withIntermediateDirectories: true)
            try require(Ducha.run(["keygen", "--out", "key"], in: teamA))
            try require(Ducha.run(["init", teamB.path, "--sample", "yiyang-2021"], in: root))
            try require(Ducha.run(["trust", "add", teamA.path + "/key.pub", "--name", "A"], in: teamB))
        }

        /// Writes a plugin folder under team A and publishes it.
        @discardableResult
        func publish(_ name: String, manifest: String, files: [String: String] = [:]) throws -> URL {
            let folder = try plugin(name, manifest: manifest, files: files)
            try require(Ducha.run(["plugin", "publish", name, "--registry", "registry", "--key", "key"], in: teamA))
            return folder
        }

        func plugin(_ name: String, manifest: String, files: [String: String] = [:]) throws -> URL {
            let folder = teamA.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(("name = \"\(name)\"\n" + manifest).utf8).write(to: folder.appendingPathComponent("plugin.toml"))
            for (path, text) in files {
                let file = folder.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
            }
            return folder
        }

        func install(_ arguments: String...) throws -> Ducha.Outcome {
            try Ducha.run(["plugin", "install"] + arguments + ["--registry", registry.path, "--yes"], in: teamB)
        }

        /// Nothing of any plugin is in team B's workspace.
        var nothingInstalled: Bool {
            let plugins = (try? FileManager.default.contentsOfDirectory(atPath: teamB.path + "/plugins")) ?? []
            return plugins.filter { !$0.hasPrefix(".") }.isEmpty
                && !FileManager.default.fileExists(atPath: teamB.path + "/ducha.lock")
        }

        private func require(_ outcome: Ducha.Outcome) throws {
            try #require(outcome.status == 0, "\(outcome.standardError)")
        }
    }

    static let simple = "version = \"1.0.0\"\napi = \"^1.0\"\n"

    @Test func anArchiveAlteredByOneByteIsRefused() throws {
        let teams = try Teams()
        try teams.publish("simple", manifest: Self.simple)
        let archive = teams.registry.appendingPathComponent("simple-1.0.0.zip")
        var bytes = try Data(contentsOf: archive)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: archive)
        let outcome = try teams.install("simple")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("the archive of simple 1.0.0 was altered"))
        #expect(teams.nothingInstalled)
    }

    @Test func aSignatureByAnUntrustedKeyIsRefused() throws {
        let teams = try Teams()
        try teams.publish("simple", manifest: Self.simple)
        _ = try Ducha.run(["trust", "remove", "A"], in: teams.teamB)
        let outcome = try teams.install("simple")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("which this workspace does not trust"))
        #expect(teams.nothingInstalled)
        let allowed = try teams.install("simple", "--allow-unsigned")
        #expect(allowed.status == 0)
        #expect(allowed.standardError.contains("untrusted key"))
    }

    @Test func anAlteredIndexIsRefused() throws {
        let teams = try Teams()
        try teams.publish("simple", manifest: Self.simple)
        let index = teams.registry.appendingPathComponent("index.json")
        let text = try String(contentsOf: index, encoding: .utf8)
        try text.replacingOccurrences(of: "\"read\" : [\n\n          ]", with: "\"read\" : [ ]")
            .replacingOccurrences(of: "\"team\" : \"\"", with: "\"team\" : \"someone else\"")
            .write(to: index, atomically: true, encoding: .utf8)
        let outcome = try teams.install("simple")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("does not match its signature"))
        #expect(teams.nothingInstalled)
    }

    @Test func aVersionConflictNamesBothRequirers() throws {
        let teams = try Teams()
        for version in ["1.0.0", "2.0.0"] {
            try teams.publish("base", manifest: "version = \"\(version)\"\napi = \"^1.0\"\n")
        }
        try teams.publish("old-user", manifest: Self.simple + "[dependencies]\nbase = \"^1.0\"\n")
        try teams.publish("new-user", manifest: Self.simple + "[dependencies]\nbase = \"^2.0\"\n")
        let outcome = try teams.install("old-user", "new-user")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("version conflict for base"))
        #expect(outcome.standardError.contains("old-user 1.0.0 requires ^1.0"))
        #expect(outcome.standardError.contains("new-user 1.0.0 requires ^2.0"))
        #expect(teams.nothingInstalled)
    }

    @Test func aPluginForAnotherAPIVersionIsRefused() throws {
        let teams = try Teams()
        try teams.publish("future", manifest: "version = \"1.0.0\"\napi = \"^2.0\"\n")
        let outcome = try teams.install("future")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("future 1.0.0 works with the ducha Lua API ^2.0"))
        #expect(teams.nothingInstalled)
    }

    @Test func aZipEntryEscapingTheFolderIsRefused() throws {
        let teams = try Teams()
        let archive = teams.teamA.appendingPathComponent("escape-1.0.0.zip")
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as archive:
                archive.writestr("plugin.toml", 'name = "escape"\\nversion = "1.0.0"\\napi = "^1.0"\\n')
                archive.writestr("../../escaped.lua", "return 1")
            """
        let made = try ChildProcess(["/usr/bin/python3", "-c", script, archive.path]).finish()
        try #require(made.status == 0, "\(made.standardError)")
        let signed = try Ducha.run(["plugin", "sign", archive.path, "--key", "key"], in: teams.teamA)
        try #require(signed.status == 0, "\(signed.standardError)")
        let outcome = try Ducha.run(["plugin", "install", archive.path, "--yes"], in: teams.teamB)
        #expect(outcome.status == 1)
        #expect(
            outcome.standardError.contains("the archive entry '../../escaped.lua' would land outside the plugin folder")
        )
        #expect(teams.nothingInstalled)
        #expect(!FileManager.default.fileExists(atPath: teams.root.appendingPathComponent("escaped.lua").path))
    }

    @Test func pluginCodeStaysWithinItsPermissionsAndLimits() throws {
        let teams = try Teams()
        let reports = [
            "peek": "return ducha.people:count()",
            "escape": "local report = require 'ducha.report'\nreport.title('x')\nreport.save('../escape.md')",
            "spin": "while true do end",
        ]
        var manifest = Self.simple + "[permissions]\nread = [\"findings\"]\nfiles = [\"out/\"]\n[reports]\n"
        for name in reports.keys.sorted() { manifest += "\(name) = \"reports/\(name).lua\"\n" }
        try teams.publish(
            "nosy", manifest: manifest,
            files: Dictionary(uniqueKeysWithValues: reports.map { ("reports/\($0).lua", $1) }))
        try #require(try teams.install("nosy").status == 0)

        let peek = try Ducha.run(["report", "peek"], in: teams.teamB)
        #expect(peek.status == 1)
        #expect(peek.standardError.contains("plugin nosy may not read 'people'"))

        let escape = try Ducha.run(["report", "escape"], in: teams.teamB)
        #expect(escape.status == 1)
        #expect(escape.standardError.contains("plugin nosy may not write '../escape.md'"))
        #expect(!FileManager.default.fileExists(atPath: teams.root.appendingPathComponent("escape.md").path))

        let spin = try Ducha.run(["report", "spin", "--time-limit", "0.5"], in: teams.teamB)
        #expect(spin.status == 1)
        #expect(spin.standardError.contains("time limit"))
        #expect(spin.seconds < 5)
    }

    /// A plugin whose report `overview` takes the shipped report's name.
    static let ownOverview = (
        manifest: simple + "[reports]\noverview = \"reports/overview.lua\"\n",
        files: ["reports/overview.lua": "require('ducha.report').title('插件自己的概览')\n"]
    )

    @Test func aPluginCommandNamedLikeABuiltInIsRefused() throws {
        let teams = try Teams()
        try teams.publish(
            "hijack", manifest: Self.simple + "[commands]\nimport = \"import.lua\"\n", files: ["import.lua": ""])
        let outcome = try teams.install("hijack", "--allow-replace")
        #expect(outcome.status == 1)
        #expect(
            outcome.standardError.contains(
                "hijack 1.0.0 adds the command 'import', which is ducha's own: a plugin cannot replace a built-in command"
            ))
        #expect(teams.nothingInstalled)
    }

    @Test func aPluginFormatNamedLikeABuiltInIsRefused() throws {
        let teams = try Teams()
        try teams.publish(
            "hijack", manifest: Self.simple + "[formats]\nhtml = \"html.lua\"\n",
            files: ["html.lua": "return function() return '' end"])
        let outcome = try teams.install("hijack", "--allow-replace")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("hijack 1.0.0 adds the format 'html', which is ducha's own"))
        #expect(teams.nothingInstalled)
    }

    @Test func aShippedReportIsReplacedOnlyWithExplicitConsent() throws {
        let teams = try Teams()
        try teams.publish("own-overview", manifest: Self.ownOverview.manifest, files: Self.ownOverview.files)
        let refused = try teams.install("own-overview")
        #expect(refused.status == 1)
        #expect(
            refused.standardError.contains(
                "own-overview 1.0.0 replaces the shipped report 'overview': with --yes that needs --allow-replace"))
        #expect(teams.nothingInstalled)

        let allowed = try teams.install("own-overview", "--allow-replace")
        #expect(allowed.status == 0, "\(allowed.standardError)")
        #expect(allowed.standardOutput.contains("replaces the shipped report 'overview'"))
        let report = try Ducha.run(["report", "overview", "--format", "markdown"], in: teams.teamB)
        #expect(report.standardOutput.hasPrefix("# 插件自己的概览"), "\(report.standardError)")
        let info = try Ducha.run(["plugin", "info", "own-overview"], in: teams.teamB)
        #expect(info.standardOutput.contains("report overview: replaces the shipped report (agreed at install)"))
    }

    @Test func theInstallPromptSaysWhatItReplacesAndTheAnswerIsRecorded() throws {
        let teams = try Teams()
        try teams.publish("own-overview", manifest: Self.ownOverview.manifest, files: Self.ownOverview.files)
        let terminal = try Terminal(
            ["plugin", "install", "own-overview", "--registry", teams.registry.path], in: teams.teamB, height: 20)
        let prompt = "replace the shipped reports named above, and install? [y/N]"
        let screen = try terminal.waitFor(seconds: 10) { $0.contains(prompt) }
        #expect(screen.contains("replaces the shipped report 'overview'"))
        try #require(screen.contains(prompt), "\(screen)")
        try terminal.enter("y")
        try terminal.waitFor(seconds: 10) { $0.contains("Installed own-overview 1.0.0.") }
        let lock = try String(contentsOf: teams.teamB.appendingPathComponent("ducha.lock"), encoding: .utf8)
        #expect(lock.contains("replaces = [ 'overview' ]"), "\(lock)")
    }

    @Test func aPluginCopiedByHandCannotShadowAShippedReport() throws {
        let teams = try Teams()
        let folder = try teams.plugin(
            "own-overview", manifest: Self.ownOverview.manifest, files: Self.ownOverview.files)
        let plugins = teams.teamB.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: folder, to: plugins.appendingPathComponent("own-overview"))
        let report = try Ducha.run(["report", "overview", "--format", "markdown"], in: teams.teamB)
        #expect(report.status == 0, "\(report.standardError)")
        #expect(report.standardOutput.hasPrefix("# 扛起监督责任 筑牢疫情防线"))
        let info = try Ducha.run(["plugin", "info", "own-overview"], in: teams.teamB)
        #expect(info.standardOutput.contains("report overview: does not run: the shipped report of that name does"))
    }

    @Test func aPluginWhoseDependencyIsDisabledDoesNotRun() throws {
        let teams = try Teams()
        try teams.publish(
            "base", manifest: Self.simple + "main = \"init.lua\"\n", files: ["init.lua": "error('base ran')\n"])
        try teams.publish(
            "user",
            manifest: Self.simple + """
                [dependencies]
                base = "^1.0"
                [reports]
                user-report = "run.lua"
                [commands]
                user-command = "run.lua"
                [formats]
                user-format = "format.lua"
                """,
            files: ["run.lua": "require 'base'\n", "format.lua": "require 'base'\nreturn function() return '' end\n"])
        try #require(try teams.install("user").status == 0)
        try #require(try Ducha.run(["plugin", "disable", "base"], in: teams.teamB).status == 0)

        let refusal = "plugin user cannot run: it depends on base, which is disabled (`ducha plugin enable base`"
        for arguments in [
            ["report", "user-report"], ["user-command"], ["report", "overview", "--format", "user-format"],
        ] {
            let outcome = try Ducha.run(arguments, in: teams.teamB)
            #expect(outcome.status == 1, "\(arguments)")
            #expect(outcome.standardError.contains(refusal), "\(arguments): \(outcome.standardError)")
            #expect(!outcome.standardError.contains("base ran"), "\(arguments)")
        }
        let repl = try Ducha.run(["repl"], in: teams.teamB, input: ":user-command\n")
        #expect(repl.standardError.contains(refusal), "\(repl.standardError)")
    }

    @Test func aLockedInstallTouchesOnlyWhatTheLockGoverns() throws {
        let teams = try Teams()
        try teams.publish("simple", manifest: Self.simple)
        let handMade = try teams.plugin("hand-made", manifest: Self.simple)
        let plugins = teams.teamB.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: handMade, to: plugins.appendingPathComponent("hand-made"))

        let withoutLock = try Ducha.run(
            ["plugin", "install", "--locked", "--yes", "--registry", teams.registry.path], in: teams.teamB)
        #expect(withoutLock.status == 1)
        #expect(withoutLock.standardError.contains("has no ducha.lock: --locked installs what a lock pins"))
        #expect(FileManager.default.fileExists(atPath: plugins.path + "/hand-made/plugin.toml"))

        try #require(try teams.install("simple").status == 0)
        try FileManager.default.removeItem(at: plugins.appendingPathComponent("simple"))
        let locked = try Ducha.run(
            ["plugin", "install", "--locked", "--yes", "--registry", teams.registry.path], in: teams.teamB)
        #expect(locked.status == 0, "\(locked.standardError)")
        #expect(locked.standardError.contains("hand-made 1.0.0 is not in ducha.lock: left as it is"))
        #expect(FileManager.default.fileExists(atPath: plugins.path + "/hand-made/plugin.toml"))
        #expect(FileManager.default.fileExists(atPath: plugins.path + "/simple/plugin.toml"))
    }
}
