import ArgumentParser
import DuchaPlugins
import DuchaReports
import DuchaScripting
import DuchaStore
import Foundation

/// `ducha plugin ...`: share report formats and helpers between teams.
struct Plugin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Install, share and write plugins.",
        subcommands: [
            Install.self, Update.self, Remove.self, List.self, Info.self, Enable.self, Disable.self, New.self,
            Pack.self, Sign.self, Verify.self, Publish.self, Test.self,
        ])

    /// The version of the Lua API plugins are checked against.
    static var hostAPI: SemanticVersion { SemanticVersion(DuchaAPI.apiVersion + ".0")! }

    /// The names of this ducha's own reports, commands and formats.
    static var builtIns: BuiltInNames {
        BuiltInNames(
            shippedReports: ReportCatalog.shippedNames, commands: Set(Ducha.builtInCommands),
            formats: Set(ReportFormat.allCases.map(\.rawValue)))
    }
}

/// `--registry`, `--allow-unsigned`, `--yes` and `--allow-replace`: how an install finds and accepts plugins.
struct InstallOptions: ParsableArguments {
    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Use only this registry: a name from ducha.toml, a folder or an http(s) URL.")
    var registry: String?

    @Flag(help: "Accept unsigned plugins and untrusted signers (with a warning).")
    var allowUnsigned = false

    @Flag(name: .shortAndLong, help: "Grant the permissions plugins ask for without asking.")
    var yes = false

    @Flag(help: "With --yes, let plugins replace the shipped reports they name (without --yes, the prompt asks).")
    var allowReplace = false

    /// The installer for the workspace, asking before it changes anything.
    func installer() throws -> PluginInstaller {
        let workspace = try workspace.resolve()
        let configured = workspace.configuration.registries.map { PluginRegistry(location: $0.url, name: $0.name) }
        var registries = configured
        if let registry {
            registries = [configured.first { $0.name == registry } ?? PluginRegistry(location: Self.location(registry))]
        }
        let yes = yes
        return PluginInstaller(
            workspace: workspace.directory, registries: registries,
            trust: try TrustStore(workspace: workspace.directory),
            hostAPI: Plugin.hostAPI, builtIns: Plugin.builtIns, allowUnsigned: allowUnsigned,
            mayReplaceShippedReports: allowReplace || !yes,
            log: { FileHandle.standardError.write(Data("ducha: \($0)\n".utf8)) },
            confirm: { changes in Self.confirm(changes, yes: yes) })
    }

    /// A folder given relatively is taken from the current folder.
    static func location(_ text: String) -> String {
        if text.hasPrefix("http://") || text.hasPrefix("https://") { return text }
        return URL(fileURLWithPath: text).standardizedFileURL.path
    }

    /// Shows what will change and the permissions each plugin asks for, then asks.
    static func confirm(_ changes: [PlannedChange], yes: Bool) -> Bool {
        for change in changes {
            let manifest = change.manifest
            let action = change.replacing.map { "\(manifest.name) \($0) → \(manifest.version)" } ?? manifest.title
            print("\(action)  \(manifest.team.isEmpty ? "" : "(\(manifest.team)) ")from \(change.source)")
            print("  signed by: \(change.signer ?? "nobody (unsigned)")")
            for line in manifest.permissions.summary { print("  \(line)") }
            for report in change.replacedReports { print("  replaces the shipped report '\(report)'") }
        }
        if yes { return true }
        guard isatty(STDIN_FILENO) != 0 else {
            FileHandle.standardError.write(Data("ducha: pass --yes to grant these permissions\n".utf8))
            return false
        }
        let replaces = changes.contains { !$0.replacedReports.isEmpty }
        print(
            "Grant these permissions\(replaces ? ", replace the shipped reports named above," : "") and install? [y/N] ",
            terminator: "")
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return answer == "y" || answer == "yes"
    }
}

extension Plugin {
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install plugins with their dependencies, verified and pinned in ducha.lock.",
            discussion:
                "NAME@RANGE picks versions from the registries (e.g. taojiang-bulletin@^1.2); a PATH (with a slash, "
                + "or a .zip) installs a plugin folder or a signed archive. --locked installs exactly what ducha.lock pins."
        )

        @Argument(help: "Plugins: NAME, NAME@RANGE, or a path.") var plugins: [String] = []
        @Flag(help: "Install exactly the versions ducha.lock pins; fail on any difference.") var locked = false
        @OptionGroup var options: InstallOptions

        func validate() throws {
            if locked && !plugins.isEmpty {
                throw ValidationError("--locked installs what ducha.lock pins; name no plugins")
            }
            if !locked && plugins.isEmpty { throw ValidationError("name the plugins to install, or pass --locked") }
            // One install is one plan: everything is checked before anything changes.
            if plugins.contains(where: Self.isPath) && plugins.count > 1 {
                throw ValidationError("install a plugin from a path on its own, without other plugins")
            }
        }

        func run() throws {
            try reportingFailures {
                let installer = try options.installer()
                if locked {
                    try installer.installLocked()
                    print("Installed what ducha.lock pins.")
                    return
                }
                var requests: [(name: String, range: VersionRange)] = []
                for plugin in plugins {
                    if Self.isPath(plugin) {
                        report(try installer.install(path: URL(fileURLWithPath: plugin)))
                        continue
                    }
                    requests.append(try Self.request(plugin))
                }
                if !requests.isEmpty { report(try installer.install(requests)) }
            }
        }

        /// A bare name is always a plugin's name, even where a folder has that name: a path
        /// says so with a slash (`./taojiang-bulletin`) or is an archive.
        static func isPath(_ text: String) -> Bool { text.contains("/") || text.hasSuffix(".zip") }

        static func request(_ text: String) throws -> (name: String, range: VersionRange) {
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            guard let name = parts.first, PluginManifest.isValidName(name) else {
                throw ValidationError("'\(text)' is not NAME or NAME@RANGE")
            }
            guard let range = parts.count == 2 ? VersionRange(parts[1]) : .any else {
                throw ValidationError("'\(parts[1])' is not a version range (for example ^1.2, ~1.2.3, >=1.0 <2.0)")
            }
            return (name, range)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Update plugins (all when none are named) to the newest versions their ranges allow.")
        @Argument(help: "The plugins to update.") var plugins: [String] = []
        @OptionGroup var options: InstallOptions

        func run() throws {
            try reportingFailures {
                let changes = try options.installer().update(plugins)
                if changes.isEmpty { print("Everything is up to date.") } else { report(changes) }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a plugin, and the dependencies nothing else needs.")
        @Argument(help: "The plugin to remove.") var name: String
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                let directory = try workspace.resolve().directory
                let installer = PluginInstaller(
                    workspace: directory, registries: [], trust: try TrustStore(workspace: directory),
                    hostAPI: Plugin.hostAPI, builtIns: Plugin.builtIns, log: { print($0) }, confirm: { _ in true })
                try installer.remove(name)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the installed plugins.")
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                let directory = try workspace.resolve().directory
                let plugins = try InstalledPlugins(workspace: directory).all()
                if InstalledPlugins.allDisabled {
                    print("(every plugin is switched off: \(InstalledPlugins.killSwitch)=1)")
                }
                if plugins.isEmpty { print("No plugins installed (ducha plugin install NAME).") }
                let lock = try Lockfile(workspace: directory)
                for plugin in plugins {
                    let manifest = plugin.manifest
                    let state = plugin.isEnabled ? "" : "  (disabled)"
                    let kind = lock.entry(manifest.name)?.requested == nil ? "  (dependency)" : ""
                    print("\(manifest.name) \(manifest.version)\(state)\(kind)  \(manifest.description)")
                }
            }
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Show a plugin's version, team, licence, permissions, signer and what it adds.")
        @Argument(help: "The plugin.") var name: String
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                let directory = try workspace.resolve().directory
                guard let plugin = try InstalledPlugins(workspace: directory).plugin(named: name) else {
                    throw InstallError.notInstalled(name)
                }
                let manifest = plugin.manifest
                let entry = try Lockfile(workspace: directory).entry(name)
                print("\(manifest.title)\(plugin.isEnabled ? "" : " (disabled)")")
                if !manifest.description.isEmpty { print("  \(manifest.description)") }
                print("  team: \(manifest.team.isEmpty ? "-" : manifest.team)")
                print("  licence: \(manifest.license.isEmpty ? "-" : manifest.license)")
                print("  api: \(manifest.api)")
                print("  signer: \(entry.map { $0.signer.isEmpty ? "unsigned" : $0.signer } ?? "-")")
                if let entry { print("  from: \(entry.registry)  sha256 \(entry.sha256)") }
                for line in manifest.permissions.summary { print("  \(line)") }
                for report in Plugin.builtIns.shippedReports(replacedBy: manifest) {
                    let agreed = entry?.replaces?.contains(report) == true
                    print(
                        "  report \(report): "
                            + (agreed
                                ? "replaces the shipped report (agreed at install)"
                                : "does not run: the shipped report of that name does (no consent in ducha.lock)"))
                }
                let dependencies = manifest.dependencies.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                if !dependencies.isEmpty { print("  depends on: \(dependencies.joined(separator: ", "))") }
                for (kind, names) in [
                    ("reports", manifest.reports.keys), ("commands", manifest.commands.keys),
                    ("formats", manifest.formats.keys),
                ] where !names.isEmpty {
                    print("  \(kind): \(names.sorted().joined(separator: ", "))")
                }
            }
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Switch an installed plugin on.")
        @Argument(help: "The plugin.") var name: String
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                try InstalledPlugins(workspace: workspace.resolve().directory).setEnabled(true, name: name)
                print("Enabled \(name).")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",
            abstract: "Switch an installed plugin off, keeping it installed.")
        @Argument(help: "The plugin.") var name: String
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                try InstalledPlugins(workspace: workspace.resolve().directory).setEnabled(false, name: name)
                print("Disabled \(name).")
            }
        }
    }
}

/// Prints what an install or update did.
private func report(_ changes: [PlannedChange]) {
    if changes.isEmpty { print("Nothing to install: everything asked for is installed.") }
    for change in changes {
        print("Installed \(change.manifest.title)" + (change.replacing.map { " (was \($0))" } ?? "") + ".")
    }
}
