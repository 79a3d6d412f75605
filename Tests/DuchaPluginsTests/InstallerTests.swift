import DuchaPlugins
import Foundation
import Testing

@Suite struct InstallerTests {
    private let scratch: TemporaryFolder
    private let publisher = SigningKey()
    private let registry: URL
    private let workspace: URL

    init() throws {
        scratch = try TemporaryFolder()
        registry = scratch.path("registry")
        workspace = try scratch.folder("workspace")
        try trust([("桃江县纪委监委", publisher)], in: workspace)
    }

    @discardableResult
    private func publish(
        _ name: String, _ version: String, api: String = "^1.0", dependencies: [String: String] = [:],
        sections: String = ""
    ) throws -> RegistryIndex.Release {
        try publishPlugin(
            name, version, api: api, dependencies: dependencies, sections: sections, to: registry, key: publisher,
            scratch: scratch)
    }

    private func installer(
        in workspace: URL? = nil, allowUnsigned: Bool = false, mayReplaceShippedReports: Bool = false,
        log: @escaping (String) -> Void = { _ in }, confirm: @escaping ([PlannedChange]) -> Bool = { _ in true }
    ) throws -> PluginInstaller {
        let workspace = workspace ?? self.workspace
        return PluginInstaller(
            workspace: workspace, registries: [PluginRegistry(location: registry.path)],
            trust: try TrustStore(workspace: workspace), hostAPI: SemanticVersion(1, 0, 0), builtIns: builtInNames,
            allowUnsigned: allowUnsigned, mayReplaceShippedReports: mayReplaceShippedReports, log: log,
            confirm: confirm)
    }

    private func request(_ name: String, _ range: String) -> (name: String, range: VersionRange) {
        (name, VersionRange(range)!)
    }

    private func plugins(in workspace: URL? = nil) -> URL {
        (workspace ?? self.workspace).appendingPathComponent("plugins")
    }

    /// The installed version of `name`, read from its folder's manifest.
    private func installedVersion(_ name: String, in workspace: URL? = nil) throws -> String? {
        try InstalledPlugins(workspace: workspace ?? self.workspace).plugin(named: name)?.manifest.version.description
    }

    private func lock(in workspace: URL? = nil) throws -> Lockfile {
        try Lockfile(workspace: workspace ?? self.workspace)
    }

    /// Publishes common-formats 2.1.0 and taojiang-bulletin 1.2.0, which requires common-formats ^2.1.
    @discardableResult
    private func publishBulletin() throws -> (common: RegistryIndex.Release, bulletin: RegistryIndex.Release) {
        let common = try publish("common-formats", "2.1.0")
        return (common, try publish("taojiang-bulletin", "1.2.0", dependencies: ["common-formats": "^2.1"]))
    }

    @Test func installingAPluginInstallsItsDependenciesAndLocksBoth() throws {
        try publish("common-formats", "2.1.0")
        let common = try publish("common-formats", "2.3.0")
        try publish("common-formats", "3.0.0")
        let bulletin = try publish("taojiang-bulletin", "1.2.0", dependencies: ["common-formats": "^2.1"])
        var seen: [PlannedChange] = []
        let changes = try installer(confirm: { changes in
            seen = changes
            return true
        }).install([request("taojiang-bulletin", "^1.0")])

        #expect(contents(of: plugins()) == ["common-formats", "taojiang-bulletin"])
        #expect(try installedVersion("common-formats") == "2.3.0")
        #expect(try installedVersion("taojiang-bulletin") == "1.2.0")
        #expect(text(of: plugins().appendingPathComponent("common-formats/init.lua"))?.contains("2.3.0") == true)
        #expect(
            try lock().entries == [
                Lockfile.Entry(
                    name: "common-formats", version: "2.3.0", registry: registry.path, sha256: common.sha256,
                    signer: "桃江县纪委监委", requested: nil),
                Lockfile.Entry(
                    name: "taojiang-bulletin", version: "1.2.0", registry: registry.path, sha256: bulletin.sha256,
                    signer: "桃江县纪委监委", requested: "^1.0"),
            ])
        #expect(seen.map(\.manifest.title) == ["common-formats 2.3.0", "taojiang-bulletin 1.2.0"])
        #expect(seen.map(\.signer) == ["桃江县纪委监委", "桃江县纪委监委"])
        #expect(seen.map(\.replacing) == [nil, nil])
        #expect(seen.map(\.source) == [registry.path, registry.path])
        #expect(changes.map(\.manifest.title) == seen.map(\.manifest.title))
    }

    @Test func installingWhatIsInstalledAlreadyAsksNothingAndChangesNothing() throws {
        try publishBulletin()
        try installer().install([request("taojiang-bulletin", "^1.0")])
        let before = snapshot(of: workspace)
        var asked = false
        let changes = try installer(confirm: { _ in
            asked = true
            return true
        }).install([request("taojiang-bulletin", "^1.0")])
        #expect(changes.isEmpty)
        #expect(!asked)
        #expect(snapshot(of: workspace) == before)
    }

    @Test func aVersionConflictNamesBothRequirersAndChangesNothing() throws {
        try publish("common-formats", "1.0.0")
        try publish("common-formats", "2.0.0")
        try publish("alpha-report", "1.0.0", dependencies: ["common-formats": "^1.0"])
        try publish("beta-report", "1.0.0", dependencies: ["common-formats": "^2.0"])
        try installer().install([request("alpha-report", "*")])
        let before = snapshot(of: workspace)

        let error = try #require(throws: InstallError.self) {
            try installer().install([request("beta-report", "*")])
        }
        guard case .resolution(.conflict(let name, let first, let second)) = error else {
            Issue.record("expected a version conflict, not \(error)")
            return
        }
        #expect(name == "common-formats")
        #expect(Set([first.requirer, second.requirer]) == ["alpha-report 1.0.0", "beta-report 1.0.0"])
        #expect(error.description.contains("alpha-report 1.0.0 requires ^1.0"))
        #expect(error.description.contains("beta-report 1.0.0 requires ^2.0"))
        #expect(snapshot(of: workspace) == before)
        #expect(contents(of: plugins()) == ["alpha-report", "common-formats"])
    }

    @Test func aRangeOnlyANewerHostSatisfiesIsAnIncompatibleAPI() throws {
        try publish("future-tools", "1.0.0")
        try publish("future-tools", "2.0.0", api: "^2.0")
        let error = try #require(throws: InstallError.self) {
            try installer().install([request("future-tools", "^2.0")])
        }
        #expect(error == .incompatibleAPI(release: "future-tools 2.0.0", range: "^2.0", host: "1.0.0"))
        #expect(
            error.description == "future-tools 2.0.0 works with the ducha Lua API ^2.0, and this ducha provides 1.0.0")
        #expect(contents(of: plugins()).isEmpty)
        #expect(try lock().entries.isEmpty)
    }

    @Test func theNewestVersionForThisHostsAPIIsChosen() throws {
        try publish("future-tools", "1.0.0")
        try publish("future-tools", "2.0.0", api: "^2.0")
        try installer().install([request("future-tools", "*")])
        #expect(try installedVersion("future-tools") == "1.0.0")
    }

    @Test func aPluginWhoseEveryVersionNeedsANewerHostIsAnIncompatibleAPI() throws {
        try publish("future-tools", "2.0.0", api: "^2.0")
        let error = try #require(throws: InstallError.self) {
            try installer().install([request("future-tools", "*")])
        }
        #expect(error == .incompatibleAPI(release: "future-tools 2.0.0", range: "^2.0", host: "1.0.0"))
        #expect(contents(of: plugins()).isEmpty)
    }

    @Test func aPluginNoRegistryHasIsNamedWithTheRegistriesSearched() throws {
        try publish("common-formats", "1.0.0")
        let error = try #require(throws: InstallError.self) {
            try installer().install([request("common-format", "*")])
        }
        #expect(error == .unknownPlugin("common-format", requiredBy: "the workspace", registries: [registry.path]))
        #expect(
            error.description
                == "no registry has a plugin named 'common-format' "
                + "(required by the workspace; searched: \(registry.path))")
        #expect(contents(of: plugins()).isEmpty)
    }

    @Test func anArchiveEscapingItsFolderIsRefusedAndNothingIsInstalled() throws {
        let manifest = manifestText(name: "escape-artist", version: "1.0.0")
        let archive = try craftedZip([
            (path: "plugin.toml", type: .file, contents: manifest),
            (path: "init.lua", type: .file, contents: "return {}"),
            (path: "../../../escaped.lua", type: .file, contents: "os.exit()"),
        ])
        try RegistryPublisher.publish(
            archive: archive, manifest: try PluginManifest(parsing: manifest, file: "plugin.toml"), to: registry,
            key: publisher)
        let before = snapshot(of: workspace)

        #expect(throws: ArchiveFailure.unsafeEntry("../../../escaped.lua", "would land outside the plugin folder")) {
            try installer().install([request("escape-artist", "*")])
        }
        #expect(snapshot(of: workspace) == before)
        #expect(contents(of: plugins()).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("escaped.lua").path))
    }

    @Test func anIndexNamingAPluginWithAPathCannotWriteOutsideThePluginsFolder() throws {
        try publish("payload", "1.0.0")
        let nice = try publish("nice-report", "1.0.0")
        let indexFile = registry.appendingPathComponent(RegistryIndex.fileName)
        var index = try RegistryIndex.decode(try Data(contentsOf: indexFile), source: "index.json")
        var payload = try #require(index.plugins.removeValue(forKey: "payload")?.first)
        payload.name = "../../../payload"
        index.plugins[payload.name] = [payload]
        var dependent = nice
        dependent.dependencies = [payload.name: "*"]
        index.plugins["nice-report"] = [dependent]
        try index.encoded().write(to: indexFile)
        try FileManager.default.removeItem(at: registry.appendingPathComponent(RegistryIndex.fileName + ".sig"))

        #expect(throws: RegistryError.self) {
            try installer(allowUnsigned: true).install([request("nice-report", "*")])
        }
        #expect(contents(of: plugins()).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("payload").path))
    }

    @Test func declinedPermissionsInstallNothing() throws {
        try publishBulletin()
        let before = snapshot(of: workspace)
        var seen: [PlannedChange] = []
        #expect(throws: InstallError.declined) {
            try installer(confirm: { changes in
                seen = changes
                return false
            }).install([request("taojiang-bulletin", "^1.0")])
        }
        #expect(seen.map(\.manifest.title) == ["common-formats 2.1.0", "taojiang-bulletin 1.2.0"])
        #expect(seen.first?.manifest.permissions.summary.first == "reads: nothing")
        #expect(snapshot(of: workspace) == before)
        #expect(contents(of: plugins()).isEmpty)
    }

    @Test func updatingMovesToTheNewestVersionTheRangeAllows() throws {
        let first = try publish("common-formats", "1.0.0")
        try installer().install([request("common-formats", "^1.0")])
        let newest = try publish("common-formats", "1.1.0")
        try publish("common-formats", "2.0.0")

        let changes = try installer().update(["common-formats"])
        #expect(changes.map(\.manifest.title) == ["common-formats 1.1.0"])
        #expect(changes.map(\.replacing) == ["1.0.0"])
        #expect(try installedVersion("common-formats") == "1.1.0")
        let entry = try #require(try lock().entry("common-formats"))
        #expect(entry.version == "1.1.0")
        #expect(entry.sha256 == newest.sha256)
        #expect(entry.sha256 != first.sha256)
        #expect(entry.requested == "^1.0")
    }

    @Test func updatingEverythingUpdatesDependenciesToo() throws {
        try publishBulletin()
        try installer().install([request("taojiang-bulletin", "^1.0")])
        try publish("common-formats", "2.4.0")
        try publish("taojiang-bulletin", "1.3.0", dependencies: ["common-formats": "^2.1"])
        try installer().update([])
        #expect(try installedVersion("common-formats") == "2.4.0")
        #expect(try installedVersion("taojiang-bulletin") == "1.3.0")
        #expect(try lock().entries.map(\.version) == ["2.4.0", "1.3.0"])
    }

    @Test func installingAnotherPluginKeepsTheLockedVersions() throws {
        try publish("common-formats", "2.1.0")
        try installer().install([request("common-formats", "^2.0")])
        try publish("common-formats", "2.3.0")
        try publish("taojiang-bulletin", "1.2.0", dependencies: ["common-formats": "^2.1"])
        try installer().install([request("taojiang-bulletin", "^1.0")])
        #expect(try installedVersion("common-formats") == "2.1.0")
    }

    @Test func updatingAPluginThatIsNotInstalledSaysSo() throws {
        try publishBulletin()
        let error = try #require(throws: InstallError.self) { try installer().update(["taojiang-bulletin"]) }
        #expect(error == .notInstalled("taojiang-bulletin"))
        #expect(error.description == "no plugin named 'taojiang-bulletin' is installed (see `ducha plugin list`)")
    }

    @Test func aDependencyCannotBeRemovedWhileAPluginNeedsIt() throws {
        try publishBulletin()
        try installer().install([request("taojiang-bulletin", "^1.0")])
        let before = snapshot(of: workspace)
        let error = try #require(throws: InstallError.self) { try installer().remove("common-formats") }
        #expect(error == .stillRequired("common-formats", by: ["taojiang-bulletin 1.2.0"]))
        #expect(error.description == "common-formats is required by taojiang-bulletin 1.2.0; remove those first")
        #expect(snapshot(of: workspace) == before)
    }

    @Test func removingAPluginRemovesTheDependenciesNothingElseNeeds() throws {
        try publishBulletin()
        try installer().install([request("taojiang-bulletin", "^1.0")])
        try InstalledPlugins(workspace: workspace).setEnabled(false, name: "taojiang-bulletin")
        var log: [String] = []
        try installer(log: { log.append($0) }).remove("taojiang-bulletin")
        #expect(contents(of: plugins()).isEmpty)
        #expect(try lock().entries.isEmpty)
        #expect(Set(log) == ["removed taojiang-bulletin 1.2.0", "removed common-formats 2.1.0"])
    }

    @Test func aDependencyTheWorkspaceAskedForItselfStaysAfterRemoval() throws {
        try publishBulletin()
        try installer().install([request("common-formats", "^2.0"), request("taojiang-bulletin", "^1.0")])
        try installer().remove("taojiang-bulletin")
        #expect(contents(of: plugins()) == ["common-formats"])
        #expect(try lock().entries.map(\.name) == ["common-formats"])
        #expect(try lock().entry("common-formats")?.requested == "^2.0")
    }

    @Test func removingAPluginThatIsNotInstalledSaysSo() throws {
        #expect(throws: InstallError.notInstalled("nothing")) { try installer().remove("nothing") }
    }

    @Test func theLockReproducesTheSameVersionsInAnotherWorkspace() throws {
        try publishBulletin()
        try installer().install([request("taojiang-bulletin", "^1.0")])
        try publish("common-formats", "2.3.0")
        let other = try scratch.folder("other")
        for file in [Lockfile.fileName, TrustStore.fileName] {
            try FileManager.default.copyItem(
                at: workspace.appendingPathComponent(file), to: other.appendingPathComponent(file))
        }
        let lockText = text(of: other.appendingPathComponent(Lockfile.fileName))

        try installer(in: other).installLocked()
        #expect(try installedVersion("common-formats", in: other) == "2.1.0")
        #expect(try installedVersion("taojiang-bulletin", in: other) == "1.2.0")
        #expect(snapshot(of: plugins(in: other)) == snapshot(of: plugins()))
        #expect(text(of: other.appendingPathComponent(Lockfile.fileName)) == lockText)
    }

    @Test func aLockedInstallWithoutALockRefusesAndTouchesNothing() throws {
        try publishBulletin()
        try writePlugin(
            at: plugins().appendingPathComponent("hand-made"),
            manifest: manifestText(name: "hand-made", version: "1.0.0"))
        let before = snapshot(of: workspace)
        let error = try #require(throws: InstallError.self) { try installer().installLocked() }
        #expect(error == .noLockfile(workspace.path))
        #expect(
            error.description
                == "\(workspace.path) has no ducha.lock: --locked installs what a lock pins, so there is nothing to "
                + "install; nothing was changed")
        #expect(snapshot(of: workspace) == before)
    }

    @Test func aLockedInstallLeavesThePluginsTheLockDoesNotList() throws {
        try publishBulletin()
        try installer().install([request("taojiang-bulletin", "^1.0")])
        let other = try scratch.folder("other")
        try trust([("桃江县纪委监委", publisher)], in: other)
        try lock().write(workspace: other)
        let handMade = try writePlugin(
            at: plugins(in: other).appendingPathComponent("hand-made"),
            manifest: manifestText(name: "hand-made", version: "1.0.0"))
        try InstalledPlugins(workspace: other).setEnabled(false, name: "hand-made")
        let handMadeFiles = snapshot(of: handMade)

        var log: [String] = []
        try installer(in: other, log: { log.append($0) }).installLocked()
        #expect(
            contents(of: plugins(in: other)) == [
                "common-formats", "hand-made", "hand-made.disabled", "taojiang-bulletin",
            ])
        #expect(snapshot(of: handMade) == handMadeFiles)
        #expect(log.contains("hand-made 1.0.0 is not in ducha.lock: left as it is"))
    }

    @Test func anEmptyLockInstallsAndRemovesNothing() throws {
        try Lockfile().write(workspace: workspace)
        try writePlugin(
            at: plugins().appendingPathComponent("hand-made"),
            manifest: manifestText(name: "hand-made", version: "1.0.0"))
        let before = snapshot(of: workspace)
        try installer().installLocked()
        #expect(snapshot(of: workspace) == before)
    }

    @Test func aLockWhoseDigestDiffersInstallsNothing() throws {
        let (common, _) = try publishBulletin()
        try installer().install([request("taojiang-bulletin", "^1.0")])
        let other = try scratch.folder("other")
        try FileManager.default.copyItem(
            at: workspace.appendingPathComponent(TrustStore.fileName),
            to: other.appendingPathComponent(TrustStore.fileName))
        var lock = try lock()
        let pinned = String(repeating: "0", count: 64)
        lock.entries = lock.entries.map { entry in
            var entry = entry
            if entry.name == "common-formats" { entry.sha256 = pinned }
            return entry
        }
        try lock.write(workspace: other)

        let error = try #require(throws: InstallError.self) { try installer(in: other).installLocked() }
        #expect(
            error
                == .lockMismatch(
                    "common-formats 2.1.0 in \(registry.path) has sha256 \(common.sha256), the lock pins \(pinned)"))
        #expect(error.description.hasSuffix("; nothing was installed"))
        #expect(contents(of: plugins(in: other)).isEmpty)
    }

    @Test func aLockPinningAVersionTheRegistryLacksInstallsNothing() throws {
        try publishBulletin()
        try installer().install([request("taojiang-bulletin", "^1.0")])
        var lock = try lock()
        lock.entries = lock.entries.map { entry in
            var entry = entry
            if entry.name == "taojiang-bulletin" { entry.version = "1.9.0" }
            return entry
        }
        let other = try scratch.folder("other")
        try lock.write(workspace: other)
        try trust([("桃江县纪委监委", publisher)], in: other)
        #expect(throws: InstallError.lockMismatch("\(registry.path) no longer lists taojiang-bulletin 1.9.0")) {
            try installer(in: other).installLocked()
        }
        #expect(contents(of: plugins(in: other)).isEmpty)
    }

    @Test func aDisabledPluginStaysInstalledButDoesNotRun() throws {
        try publishBulletin()
        try installer().install([request("taojiang-bulletin", "^1.0")])
        let installed = InstalledPlugins(workspace: workspace)
        #expect(try installed.active().map(\.manifest.name) == ["common-formats", "taojiang-bulletin"])

        try installed.setEnabled(false, name: "taojiang-bulletin")
        #expect(try installed.active().map(\.manifest.name) == ["common-formats"])
        #expect(try installed.all().map(\.isEnabled) == [true, false])
        #expect(try installed.plugin(named: "taojiang-bulletin")?.isEnabled == false)

        try installed.setEnabled(true, name: "taojiang-bulletin")
        #expect(try installed.active().map(\.manifest.name) == ["common-formats", "taojiang-bulletin"])
    }

    @Test func onlyAnInstalledPluginCanBeSwitchedOff() throws {
        #expect(throws: InstallError.notInstalled("nothing")) {
            try InstalledPlugins(workspace: workspace).setEnabled(false, name: "nothing")
        }
    }

    @Test func installingFromAnUnsignedFolderIsRefusedUnlessAllowed() throws {
        try publish("common-formats", "1.0.0")
        let folder = try writePlugin(
            at: scratch.path("local-tools"), manifest: manifestText(name: "local-tools", version: "1.0.0"))
        #expect(throws: VerificationError.unsigned("local-tools 1.0.0 (a folder)")) {
            try installer().install(path: folder)
        }
        #expect(contents(of: plugins()).isEmpty)

        var log: [String] = []
        try installer(allowUnsigned: true, log: { log.append($0) }).install(path: folder)
        #expect(try installedVersion("local-tools") == "1.0.0")
        let entry = try #require(try lock().entry("local-tools"))
        #expect(entry.registry == folder.standardizedFileURL.path)
        #expect(entry.signer == "")
        #expect(entry.requested == "=1.0.0")
        #expect(log.contains("local-tools 1.0.0 is installed from a folder, unsigned, because of --allow-unsigned"))
    }

    @Test func aSignedArchiveInstallsFromAPathWithItsDependenciesFromTheRegistry() throws {
        try publish("common-formats", "2.1.0")
        let folder = try writePlugin(
            at: scratch.path("local-tools"),
            manifest: manifestText(name: "local-tools", version: "1.0.0", dependencies: ["common-formats": "^2.0"]))
        let archive = scratch.path("local-tools-1.0.0.zip")
        try PluginArchive.pack(folder: folder).write(to: archive)
        try ArchiveSignature.sign(archive: archive, key: publisher)
        #expect(
            try ArchiveSignature.verify(archive: archive, trust: try TrustStore(workspace: workspace)).name == "桃江县纪委监委"
        )

        try installer().install(path: archive)
        #expect(contents(of: plugins()) == ["common-formats", "local-tools"])
        #expect(try lock().entry("local-tools")?.signer == "桃江县纪委监委")
        #expect(try lock().entry("local-tools")?.sha256 == sha256Hex(try Data(contentsOf: archive)))
    }

    @Test func aPluginForANewerHostIsRefusedFromAPathToo() throws {
        let folder = try writePlugin(
            at: scratch.path("local-tools"), manifest: manifestText(name: "local-tools", version: "1.0.0", api: "^2.0"))
        #expect(throws: InstallError.incompatibleAPI(release: "local-tools 1.0.0", range: "^2.0", host: "1.0.0")) {
            try installer(allowUnsigned: true).install(path: folder)
        }
        #expect(contents(of: plugins()).isEmpty)
    }

    @Test func installingWithoutARegistrySaysWhereToAddOne() throws {
        let installer = PluginInstaller(
            workspace: workspace, registries: [], trust: try TrustStore(workspace: workspace),
            hostAPI: SemanticVersion(1, 0, 0), builtIns: builtInNames, confirm: { _ in true })
        let error = try #require(throws: InstallError.self) { try installer.install([request("common-formats", "*")]) }
        #expect(error == .noRegistry)
        #expect(error.description.hasPrefix("no registry to install from"))
    }

    // MARK: Built-in names

    @Test func aPluginCommandNamedLikeABuiltInIsRefusedWhateverTheConsent() throws {
        try publish("hijack", "1.0.0", sections: "\n[commands]\nrun = \"init.lua\"\n")
        let before = snapshot(of: workspace)
        let error = try #require(throws: InstallError.self) {
            try installer(mayReplaceShippedReports: true).install([request("hijack", "*")])
        }
        #expect(error == .builtInName(release: "hijack 1.0.0", kind: "command", name: "run"))
        #expect(
            error.description
                == "hijack 1.0.0 adds the command 'run', which is ducha's own: a plugin cannot replace a built-in "
                + "command; nothing was installed")
        #expect(snapshot(of: workspace) == before)
    }

    @Test func aPluginFormatNamedLikeABuiltInIsRefusedFromAPathToo() throws {
        let folder = try writePlugin(
            at: scratch.path("csv-hijack"),
            manifest: manifestText(name: "csv-hijack", version: "1.0.0") + "\n[formats]\ncsv = \"init.lua\"\n")
        let before = snapshot(of: workspace)
        #expect(throws: InstallError.builtInName(release: "csv-hijack 1.0.0", kind: "format", name: "csv")) {
            try installer(allowUnsigned: true, mayReplaceShippedReports: true).install(path: folder)
        }
        #expect(snapshot(of: workspace) == before)
    }

    @Test func replacingAShippedReportWithoutConsentIsRefusedBeforeAsking() throws {
        try publish("own-overview", "1.0.0", sections: overviewReport)
        let before = snapshot(of: workspace)
        var asked = false
        let error = try #require(throws: InstallError.self) {
            try installer(confirm: { _ in
                asked = true
                return true
            }).install([request("own-overview", "*")])
        }
        #expect(error == .replacesShippedReports(release: "own-overview 1.0.0", reports: ["overview"]))
        #expect(
            error.description
                == "own-overview 1.0.0 replaces the shipped report 'overview': with --yes that needs --allow-replace "
                + "(without --yes, the prompt asks); nothing was installed")
        #expect(!asked)
        #expect(snapshot(of: workspace) == before)
    }

    @Test func aReplacementTheUserAgreesToIsShownAndRecordedInTheLock() throws {
        try publish("own-overview", "1.0.0", sections: overviewReport + "own-daily = \"init.lua\"\n")
        var seen: [PlannedChange] = []
        try installer(
            mayReplaceShippedReports: true,
            confirm: { changes in
                seen = changes
                return true
            }
        ).install([request("own-overview", "*")])
        #expect(seen.map(\.replacedReports) == [["overview"]])
        #expect(try lock().entry("own-overview")?.replaces == ["overview"])
    }

    @Test func decliningAReplacementInstallsNothing() throws {
        try publish("own-overview", "1.0.0", sections: overviewReport)
        let before = snapshot(of: workspace)
        #expect(throws: InstallError.declined) {
            try installer(mayReplaceShippedReports: true, confirm: { _ in false })
                .install([request("own-overview", "*")])
        }
        #expect(snapshot(of: workspace) == before)
    }

    @Test func anUpdateKeepsTheConsentGivenButAsksForANewReplacement() throws {
        try publish("own-overview", "1.0.0", sections: overviewReport)
        try installer(mayReplaceShippedReports: true).install([request("own-overview", "^1.0")])
        try publish("own-overview", "1.1.0", sections: overviewReport)
        try installer().update([])
        #expect(try installedVersion("own-overview") == "1.1.0")
        #expect(try lock().entry("own-overview")?.replaces == ["overview"])

        try publish("own-overview", "1.2.0", sections: overviewReport + "daily-bulletin = \"init.lua\"\n")
        let before = snapshot(of: workspace)
        #expect(throws: InstallError.replacesShippedReports(release: "own-overview 1.2.0", reports: ["daily-bulletin"]))
        {
            try installer().update([])
        }
        #expect(snapshot(of: workspace) == before)
    }

    @Test func aLockedInstallCarriesTheConsentTheLockRecordsAndNoOther() throws {
        try publish("own-overview", "1.0.0", sections: overviewReport)
        try installer(mayReplaceShippedReports: true).install([request("own-overview", "*")])
        let other = try scratch.folder("other")
        try trust([("桃江县纪委监委", publisher)], in: other)
        try lock().write(workspace: other)
        var seen: [PlannedChange] = []
        try installer(
            in: other,
            confirm: { changes in
                seen = changes
                return true
            }
        ).installLocked()
        #expect(seen.map(\.replacedReports) == [["overview"]])

        let unconsented = try scratch.folder("unconsented")
        try trust([("桃江县纪委监委", publisher)], in: unconsented)
        var lock = try lock()
        lock.entries[0].replaces = nil
        try lock.write(workspace: unconsented)
        var log: [String] = []
        try installer(
            in: unconsented, log: { log.append($0) },
            confirm: { changes in
                seen = changes
                return true
            }
        ).installLocked()
        #expect(seen.map(\.replacedReports) == [[]])
        #expect(
            log.contains(
                "own-overview 1.0.0's report 'overview' will not run: the shipped report of that name does, "
                    + "since ducha.lock records no consent to replace it"))
    }

    @Test func aLockedPluginWithABuiltInCommandIsRefused() throws {
        let folder = try writePlugin(
            at: scratch.path("hijack"),
            manifest: manifestText(name: "hijack", version: "1.0.0") + "\n[commands]\nhelp = \"init.lua\"\n")
        let archive = try PluginArchive.pack(folder: folder)
        try archive.write(to: scratch.path("hijack-1.0.0.zip"))
        try Lockfile(entries: [
            Lockfile.Entry(
                name: "hijack", version: "1.0.0", registry: scratch.path("hijack-1.0.0.zip").path,
                sha256: sha256Hex(archive), signer: "", requested: "=1.0.0")
        ]).write(workspace: workspace)
        let before = snapshot(of: workspace)
        #expect(throws: InstallError.builtInName(release: "hijack 1.0.0", kind: "command", name: "help")) {
            try installer(allowUnsigned: true).installLocked()
        }
        #expect(snapshot(of: workspace) == before)
    }
}

/// A manifest section adding a report named like the shipped `overview`.
private let overviewReport = "\n[reports]\noverview = \"init.lua\"\n"
