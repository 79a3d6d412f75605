import ArgumentParser
import DuchaPlugins
import DuchaScripting
import DuchaStore
import Foundation

extension Plugin {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Start a plugin: a manifest, a module, a report and a spec to grow from.")
        @Argument(help: "The plugin's name: lower-case letters, digits and hyphens.") var name: String
        @Option(help: "The folder to create it in (default: ./NAME).") var into: String?
        @Option(help: "The team that makes it.") var team = ""

        func validate() throws {
            guard PluginManifest.isValidName(name) else {
                throw ValidationError("'\(name)' is not a plugin name (lower-case letters, digits and hyphens)")
            }
        }

        func run() throws {
            try reportingFailures {
                let folder = URL(fileURLWithPath: into ?? name).standardizedFileURL
                guard !FileManager.default.fileExists(atPath: folder.path) else {
                    throw ValidationError("\(folder.path) exists already")
                }
                for (path, text) in PluginScaffold.files(name: name, team: team) {
                    let file = folder.appendingPathComponent(path)
                    try FileManager.default.createDirectory(
                        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(text.utf8).write(to: file)
                }
                print("Created the plugin \(name) in \(folder.path). Try: ducha plugin test \(folder.path)")
            }
        }
    }

    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pack",
            abstract: "Pack a plugin folder into NAME-VERSION.zip (the same files always give the same bytes).")
        @Argument(help: "The plugin folder (default: the current folder).") var folder = "."
        @Option(help: "The archive to write (default: NAME-VERSION.zip here).") var out: String?

        func run() throws {
            try reportingFailures {
                let source = URL(fileURLWithPath: folder).standardizedFileURL
                let manifest = try PluginManifest(folder: source)
                let data = try PluginArchive.pack(folder: source)
                let path = out ?? "\(manifest.name)-\(manifest.version).zip"
                try data.write(to: URL(fileURLWithPath: path))
                print("Wrote \(path) (sha256 \(sha256Hex(data))).")
            }
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign", abstract: "Sign an archive: writes ARCHIVE.sig.")
        @Argument(help: "The archive.") var archive: String
        @Option(help: ArgumentHelp("The secret key file (from ducha keygen).", valueName: "prefix")) var key: String

        func run() throws {
            try reportingFailures {
                try ArchiveSignature.sign(archive: URL(fileURLWithPath: archive), key: SigningKey(contentsOf: key))
                print("Wrote \(archive).sig.")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check an archive's signature against the workspace's trusted keys.")
        @Argument(help: "The archive.") var archive: String
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                let trust = try TrustStore(workspace: workspace.resolve().directory)
                let signer = try ArchiveSignature.verify(archive: URL(fileURLWithPath: archive), trust: trust)
                print("\(archive): signed by \(signer.name) (key id \(signer.id)).")
            }
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Pack, sign and add a plugin to a registry folder, and sign the updated index.",
            discussion: "Serve the folder over http(s) as it is, or share it, for other teams to install from.")
        @Argument(help: "The plugin folder (default: the current folder).") var folder = "."
        @Option(help: "The registry folder.") var registry: String
        @Option(help: ArgumentHelp("The secret key file (from ducha keygen).", valueName: "prefix")) var key: String

        func run() throws {
            try reportingFailures {
                let release = try RegistryPublisher.publish(
                    folder: URL(fileURLWithPath: folder).standardizedFileURL,
                    to: URL(fileURLWithPath: registry).standardizedFileURL, key: SigningKey(contentsOf: key))
                print("Published \(release.name) \(release.version) to \(registry) (sha256 \(release.sha256)).")
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run a plugin's spec/*_spec.lua in its sandbox, against a throwaway sample workspace.",
            discussion:
                "Dependencies come from the current workspace's plugins, or from folders next to the plugin's.")
        @Argument(help: "The plugin folder (default: the current folder).") var folder = "."
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            let results: [SpecResult]
            do {
                results = try runSpecs()
            } catch {
                FileHandle.standardError.write(Data("ducha: \(error)\n".utf8))
                throw ExitCode(1)
            }
            var failed = 0
            for result in results {
                switch result.status {
                case .passed: print("✔ \(result.name)")
                case .pending: print("… \(result.name) (pending)")
                case .failed:
                    failed += 1
                    print("✘ \(result.name)\n    \(result.message ?? "failed")")
                }
            }
            let passed = results.filter { $0.status == .passed }.count
            print("\(passed) passed, \(failed) failed, \(results.count - passed - failed) pending")
            if results.isEmpty { print("(no specs: add spec/*_spec.lua)") }
            if failed > 0 { throw ExitCode(1) }
        }

        private func runSpecs() throws -> [SpecResult] {
            let source = URL(fileURLWithPath: folder).standardizedFileURL
            let plugin = InstalledPlugin(manifest: try PluginManifest(folder: source), folder: source, isEnabled: true)
            try plugin.manifest.checkScripts(
                in: source, file: source.appendingPathComponent(PluginManifest.fileName).path)
            var available: [String: InstalledPlugin] = [:]
            let siblings = source.deletingLastPathComponent()
            for name in plugin.manifest.dependencies.keys {
                let folder = siblings.appendingPathComponent(name)
                if let manifest = try? PluginManifest(folder: folder), manifest.name == name {
                    available[name] = InstalledPlugin(manifest: manifest, folder: folder, isEnabled: true)
                }
            }
            if let current = try? workspace.resolve() {
                for installed in try InstalledPlugins(workspace: current.directory).all()
                where available[installed.manifest.name] == nil {
                    available[installed.manifest.name] = installed
                }
            }
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ducha-spec-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let sample = try Workspace.create(
                at: scratch,
                configuration: WorkspaceConfiguration(
                    name: "spec", asOf: YiyangSample.asOf,
                    identity: WorkspaceConfiguration.Identity(user: "spec", grants: ["write", "confidential"]))
            ) { try $0.insert(YiyangSample.records()) }
            return try PluginSpecs.run(PluginContext(plugin: plugin, available: available), workspace: sample)
        }
    }
}
