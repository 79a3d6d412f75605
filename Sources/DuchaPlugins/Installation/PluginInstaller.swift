import Foundation

/// A change an install or update is about to make, shown to the person before it happens.
public struct PlannedChange: Sendable {
    public let manifest: PluginManifest
    /// The version installed now, if any.
    public let replacing: String?
    /// The trusted name of the signer; nil when unsigned.
    public let signer: String?
    public let source: String
    /// The shipped reports this plugin's reports of the same names will replace, sorted.
    public let replacedReports: [String]
}

/// Installs, updates and removes the plugins of a workspace. Everything is fetched,
/// verified and unpacked into a staging folder first, and only then swapped in, so a
/// refusal at any step leaves the workspace as it was.
public final class PluginInstaller {
    public let workspace: URL
    public let registries: [PluginRegistry]
    public let trust: TrustStore
    /// The Lua API version of this ducha, which every plugin's `api` range must accept.
    public let hostAPI: SemanticVersion
    public let allowUnsigned: Bool
    /// The names of ducha's own reports, commands and formats, which plugins may not take
    /// without the user's consent (reports) or at all (commands and formats).
    public let builtIns: BuiltInNames
    /// Whether a plugin may replace a shipped report once `confirm` accepts a change that
    /// says so; when false, such a change is refused before anything is asked.
    public let mayReplaceShippedReports: Bool
    private let log: (String) -> Void
    private let confirm: ([PlannedChange]) -> Bool
    private let installed: InstalledPlugins

    /// `log` receives progress and warnings; `confirm` sees the changes and permissions
    /// before anything is written, and returns whether to go ahead.
    public init(
        workspace: URL, registries: [PluginRegistry], trust: TrustStore, hostAPI: SemanticVersion,
        builtIns: BuiltInNames, allowUnsigned: Bool = false, mayReplaceShippedReports: Bool = false,
        log: @escaping (String) -> Void = { _ in }, confirm: @escaping ([PlannedChange]) -> Bool
    ) {
        self.workspace = workspace
        self.registries = registries
        self.trust = trust
        self.hostAPI = hostAPI
        self.builtIns = builtIns
        self.allowUnsigned = allowUnsigned
        self.mayReplaceShippedReports = mayReplaceShippedReports
        self.log = log
        self.confirm = confirm
        installed = InstalledPlugins(workspace: workspace)
    }

    // MARK: Commands

    /// Installs the plugins requested (name and range) with their dependencies; plugins
    /// already installed keep their versions when they still fit.
    @discardableResult
    public func install(_ requests: [(name: String, range: VersionRange)]) throws -> [PlannedChange] {
        let lock = try Lockfile(workspace: workspace)
        var roots = requirements(of: lock).filter { root in !requests.contains { $0.name == root.name } }
        roots += requests.map { Requirement(name: $0.name, range: $0.range, requirer: "the workspace") }
        let catalog = try Catalog(installer: self, local: nil)
        let chosen = try resolve(roots, in: catalog, preferring: lockedVersions(lock))
        return try apply(chosen, catalog: catalog, roots: roots, lock: lock)
    }

    /// Installs a plugin from a folder or from an archive with its `.sig` beside it;
    /// its dependencies come from the registries.
    @discardableResult
    public func install(path: URL) throws -> [PlannedChange] {
        let local = try LocalRelease(path: path, trust: trust, allowUnsigned: allowUnsigned, warn: log)
        let lock = try Lockfile(workspace: workspace)
        var roots = requirements(of: lock).filter { $0.name != local.manifest.name }
        roots.append(
            Requirement(
                name: local.manifest.name, range: VersionRange("=\(local.manifest.version)")!, requirer: "the workspace"
            ))
        let catalog = try Catalog(installer: self, local: local)
        let chosen = try resolve(roots, in: catalog, preferring: lockedVersions(lock))
        return try apply(chosen, catalog: catalog, roots: roots, lock: lock)
    }

    /// Updates the named plugins (all when none are named) to the newest versions their
    /// ranges allow.
    @discardableResult
    public func update(_ names: [String]) throws -> [PlannedChange] {
        let lock = try Lockfile(workspace: workspace)
        for name in names where lock.entry(name) == nil { throw InstallError.notInstalled(name) }
        var preferred = lockedVersions(lock)
        if names.isEmpty { preferred = [:] } else { for name in names { preferred[name] = nil } }
        let catalog = try Catalog(installer: self, local: nil)
        let roots = requirements(of: lock)
        return try apply(
            try resolve(roots, in: catalog, preferring: preferred), catalog: catalog, roots: roots, lock: lock)
    }

    /// Installs exactly what `ducha.lock` pins, failing on any difference instead of
    /// rewriting the lockfile. It touches only the plugins the lock lists: a folder the lock
    /// does not govern (one put in `plugins/` by hand) stays, and without a lock nothing is
    /// done at all.
    public func installLocked() throws {
        guard Lockfile.exists(workspace: workspace) else { throw InstallError.noLockfile(workspace.path) }
        let lock = try Lockfile(workspace: workspace)
        var indexes: [String: VerifiedIndex] = [:]
        var archives: [VerifiedArchive] = []
        for entry in lock.entries {
            if Self.isLocalSource(entry.registry) {
                archives.append(try lockedLocalArchive(entry))
                continue
            }
            let registry =
                registries.first { $0.location == entry.registry || $0.name == entry.registry }
                ?? PluginRegistry(location: entry.registry)
            if indexes[registry.location] == nil {
                indexes[registry.location] = try registry.verifiedIndex(
                    trust: trust, allowUnsigned: allowUnsigned, warn: log)
            }
            let title = "\(entry.name) \(entry.version)"
            guard let version = SemanticVersion(entry.version),
                let release = indexes[registry.location]!.index.release(entry.name, version)
            else {
                throw InstallError.lockMismatch("\(registry.name) no longer lists \(title)")
            }
            guard release.sha256 == entry.sha256 else {
                throw InstallError.lockMismatch(
                    "\(title) in \(registry.name) has sha256 \(release.sha256), the lock pins \(entry.sha256)")
            }
            archives.append(
                try registry.verifiedArchive(release, trust: trust, allowUnsigned: allowUnsigned, warn: log))
        }
        let staging = try Staging(plugins: installed.folder)
        defer { staging.discard() }
        var changes: [PlannedChange] = []
        for (entry, archive) in zip(lock.entries, archives) {
            let manifest = try staging.unpack(archive.data, release: archive.release, hostAPI: hostAPI)
            try builtIns.checkNoClash(manifest)
            // The lock carries the consent given where it was written; a report it does not
            // record consent for stays behind the shipped one.
            let consented = Set(entry.replaces ?? [])
            let clashing = builtIns.shippedReports(replacedBy: manifest)
            for report in clashing where !consented.contains(report) {
                log(
                    "\(manifest.title)'s report '\(report)' will not run: the shipped report of that name does, "
                        + "since ducha.lock records no consent to replace it")
            }
            changes.append(
                PlannedChange(
                    manifest: manifest,
                    replacing: try installed.plugin(named: manifest.name)?.manifest.version.description,
                    signer: archive.signer?.name, source: archive.registry.name,
                    replacedReports: clashing.filter(consented.contains)))
        }
        guard confirm(changes) else { throw InstallError.declined }
        let governed = Set(lock.entries.map(\.name))
        for plugin in try installed.all() where !governed.contains(plugin.manifest.name) {
            log("\(plugin.manifest.title) is not in ducha.lock: left as it is")
        }
        try staging.commit(removing: [])
    }

    /// Whether a lock entry's source is a plugin folder or archive rather than a registry.
    static func isLocalSource(_ location: String) -> Bool {
        guard !PluginRegistry(location: location).isRemote else { return false }
        return location.hasSuffix(".zip")
            || FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: location).appendingPathComponent(PluginManifest.fileName).path)
    }

    /// The archive of a plugin the lock says was installed from a path, if it is still the same.
    private func lockedLocalArchive(_ entry: Lockfile.Entry) throws -> VerifiedArchive {
        let title = "\(entry.name) \(entry.version)"
        let local: LocalRelease
        do {
            local = try LocalRelease(
                path: URL(fileURLWithPath: entry.registry), trust: trust, allowUnsigned: allowUnsigned, warn: log)
        } catch InstallError.notAPlugin {
            throw InstallError.lockMismatch("\(entry.registry), where \(title) was installed from, is gone")
        }
        guard local.manifest.name == entry.name, local.manifest.version.description == entry.version,
            sha256Hex(local.data) == entry.sha256
        else {
            throw InstallError.lockMismatch("\(entry.registry) no longer holds the \(title) the lock pins")
        }
        return VerifiedArchive(
            release: local.release, registry: PluginRegistry(location: entry.registry), data: local.data,
            signer: local.signer)
    }

    /// Removes a plugin, and the dependencies nothing else needs any more.
    public func remove(_ name: String) throws {
        var lock = try Lockfile(workspace: workspace)
        let plugins = try installed.all()
        guard plugins.contains(where: { $0.manifest.name == name }) else { throw InstallError.notInstalled(name) }
        let dependents = plugins.filter { $0.manifest.dependencies[name] != nil }.map(\.manifest.title)
        guard dependents.isEmpty else { throw InstallError.stillRequired(name, by: dependents) }
        var roots = Set(lock.entries.filter { $0.requested != nil }.map(\.name))
        roots.remove(name)
        var needed = Set<String>()
        var pending = Array(roots)
        while let next = pending.popLast() {
            guard needed.insert(next).inserted else { continue }
            pending += plugins.first { $0.manifest.name == next }?.manifest.dependencies.keys.map { $0 } ?? []
        }
        // What an install brought in goes with it; a folder put in plugins/ by hand stays.
        let pinned = Set(lock.entries.map(\.name))
        for plugin in plugins
        where !needed.contains(plugin.manifest.name)
            && (plugin.manifest.name == name || pinned.contains(plugin.manifest.name))
        {
            try FileManager.default.removeItem(at: plugin.folder)
            try? FileManager.default.removeItem(at: installed.disabledMarker(plugin.manifest.name))
            log("removed \(plugin.manifest.title)")
        }
        lock.entries.removeAll { !needed.contains($0.name) }
        try lock.write(workspace: workspace)
    }

    // MARK: Resolution

    private func requirements(of lock: Lockfile) -> [Requirement] {
        lock.entries.compactMap { entry in
            entry.requested.flatMap(VersionRange.init).map {
                Requirement(name: entry.name, range: $0, requirer: "the workspace")
            }
        }
    }

    private func lockedVersions(_ lock: Lockfile) -> [String: SemanticVersion] {
        var versions: [String: SemanticVersion] = [:]
        for entry in lock.entries { versions[entry.name] = SemanticVersion(entry.version) }
        return versions
    }

    private func resolve(_ roots: [Requirement], in catalog: Catalog, preferring: [String: SemanticVersion]) throws
        -> [PackageCandidate]
    {
        do {
            return try DependencyResolver(available: catalog.compatible).resolve(roots, preferring: preferring)
        } catch {
            let requirement: Requirement
            switch error {
            case .noMatchingVersion(let unmet, _): requirement = unmet
            case .unknownPackage(_, let unmet): requirement = unmet
            default: throw InstallError.resolution(error)
            }
            // A range that only versions for another API version satisfy says so.
            if let release = catalog.incompatible[requirement.name]?.last(where: {
                SemanticVersion($0.version).map(requirement.range.contains) ?? false
            }) {
                throw InstallError.incompatibleAPI(
                    release: "\(release.name) \(release.version)", range: release.api, host: hostAPI.description)
            }
            if case .unknownPackage(let name, _) = error {
                throw InstallError.unknownPlugin(
                    name, requiredBy: requirement.requirer, registries: registries.map(\.name))
            }
            throw InstallError.resolution(error)
        }
    }

    // MARK: Applying a resolution

    private func apply(_ chosen: [PackageCandidate], catalog: Catalog, roots: [Requirement], lock: Lockfile) throws
        -> [PlannedChange]
    {
        let staging = try Staging(plugins: installed.folder)
        defer { staging.discard() }
        var changes: [PlannedChange] = []
        var entries: [Lockfile.Entry] = []
        let requested = Dictionary(roots.map { ($0.name, $0.range.description) }, uniquingKeysWith: { $1 })
        for candidate in chosen {
            let current = try installed.plugin(named: candidate.name)
            if let current, current.manifest.version == candidate.version, var entry = lock.entry(candidate.name),
                catalog.local?.manifest.name != candidate.name
            {
                entry.requested = requested[candidate.name]
                entries.append(entry)
                continue
            }
            let fetched = try catalog.fetch(candidate)
            let manifest = try staging.unpack(fetched.data, release: fetched.release, hostAPI: hostAPI)
            try builtIns.checkNoClash(manifest)
            let replaced = builtIns.shippedReports(replacedBy: manifest)
            let consented = Set(lock.entry(candidate.name)?.replaces ?? [])
            let unconsented = replaced.filter { !consented.contains($0) }
            guard unconsented.isEmpty || mayReplaceShippedReports else {
                throw InstallError.replacesShippedReports(release: manifest.title, reports: unconsented)
            }
            changes.append(
                PlannedChange(
                    manifest: manifest, replacing: current?.manifest.version.description, signer: fetched.signer?.name,
                    source: fetched.source, replacedReports: replaced))
            entries.append(
                Lockfile.Entry(
                    name: candidate.name, version: candidate.version.description, registry: fetched.source,
                    sha256: sha256Hex(fetched.data), signer: fetched.signer?.name ?? "",
                    requested: requested[candidate.name], replaces: replaced.isEmpty ? nil : replaced))
        }
        // Only what an install brought in goes when nothing needs it: a folder someone put in
        // plugins/ by hand is theirs to remove.
        let keep = Set(chosen.map(\.name))
        let orphans = lock.entries.map(\.name).filter { !keep.contains($0) }
        for orphan in orphans { log("\(orphan) goes: nothing needs it any more") }
        if !changes.isEmpty || !orphans.isEmpty {
            guard confirm(changes) else { throw InstallError.declined }
        }
        try staging.commit(removing: orphans)
        try Lockfile(entries: entries).write(workspace: workspace)
        return changes
    }

    // MARK: Where releases come from

    /// The releases of every registry (the first registry that lists a name provides it),
    /// the plugin being installed from a path, and those installed already.
    private struct Catalog {
        var compatible: [String: [PackageCandidate]] = [:]
        var incompatible: [String: [RegistryIndex.Release]] = [:]
        var releases: [String: (release: RegistryIndex.Release, index: VerifiedIndex)] = [:]
        let local: LocalRelease?
        let installer: PluginInstaller

        init(installer: PluginInstaller, local: LocalRelease?) throws {
            self.installer = installer
            self.local = local
            guard !installer.registries.isEmpty || local != nil else { throw InstallError.noRegistry }
            if let local {
                guard installer.hostAPIAccepted(by: local.manifest.api) else {
                    throw InstallError.incompatibleAPI(
                        release: local.manifest.title, range: local.manifest.api.description,
                        host: installer.hostAPI.description)
                }
                compatible[local.manifest.name] = [local.candidate]
            }
            // A plugin from a path with nothing to resolve needs no registry (which may be offline).
            let registries = local.map { $0.manifest.dependencies.isEmpty } == true ? [] : installer.registries
            for registry in registries {
                let index = try registry.verifiedIndex(
                    trust: installer.trust, allowUnsigned: installer.allowUnsigned, warn: installer.log)
                for (name, list) in index.index.plugins where compatible[name] == nil && incompatible[name] == nil {
                    for release in list {
                        guard let candidate = release.candidate else { continue }
                        guard let range = VersionRange(release.api), installer.hostAPIAccepted(by: range) else {
                            incompatible[name, default: []].append(release)
                            continue
                        }
                        compatible[name, default: []].append(candidate)
                        releases["\(name)@\(candidate.version)"] = (release, index)
                    }
                }
            }
            for plugin in try installer.installed.all() where compatible[plugin.manifest.name] == nil {
                compatible[plugin.manifest.name] = [
                    PackageCandidate(
                        name: plugin.manifest.name, version: plugin.manifest.version,
                        dependencies: plugin.manifest.dependencies)
                ]
            }
        }

        /// The verified archive of a chosen candidate.
        func fetch(_ candidate: PackageCandidate) throws -> (
            data: Data, release: RegistryIndex.Release, signer: TrustStore.Entry?, source: String
        ) {
            if let local, local.manifest.name == candidate.name {
                return (local.data, local.release, local.signer, local.path.path)
            }
            guard let (release, index) = releases["\(candidate.name)@\(candidate.version)"] else {
                throw InstallError.notInstalled(candidate.name)
            }
            let archive = try index.registry.verifiedArchive(
                release, trust: installer.trust, allowUnsigned: installer.allowUnsigned, warn: installer.log)
            return (archive.data, release, archive.signer, index.registry.location)
        }
    }

    fileprivate func hostAPIAccepted(by range: VersionRange) -> Bool { range.contains(hostAPI) }
}
