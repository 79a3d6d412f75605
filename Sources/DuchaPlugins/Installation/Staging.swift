import Foundation

/// A folder next to `plugins/` where releases are unpacked and checked before any of
/// them replaces what is installed.
final class Staging {
    let plugins: URL
    let folder: URL
    private var unpacked: [String] = []
    /// Whether `plugins/` was made for this staging: a refused install leaves none behind.
    private let madePlugins: Bool

    init(plugins: URL) throws {
        self.plugins = plugins
        madePlugins = !FileManager.default.fileExists(atPath: plugins.path)
        folder = plugins.appendingPathComponent(".staging-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Unpacks an archive and checks that it holds the release the index described, for a
    /// Lua API this ducha provides.
    func unpack(_ data: Data, release: RegistryIndex.Release, hostAPI: SemanticVersion) throws -> PluginManifest {
        let target = folder.appendingPathComponent(release.name)
        try PluginArchive.unpack(data, into: target)
        let manifest = try PluginManifest(folder: target)
        let title = "\(release.name) \(release.version)"
        guard manifest.name == release.name, manifest.version.description == release.version else {
            throw InstallError.manifestMismatch(release: title, found: manifest.title)
        }
        guard manifest.supports(api: hostAPI) else {
            throw InstallError.incompatibleAPI(
                release: title, range: manifest.api.description, host: hostAPI.description)
        }
        try manifest.checkScripts(in: target, file: "\(title): \(PluginManifest.fileName)")
        unpacked.append(release.name)
        return manifest
    }

    /// Swaps the unpacked plugins in, and removes `orphans`.
    func commit(removing orphans: [String]) throws {
        let manager = FileManager.default
        for name in unpacked {
            let destination = plugins.appendingPathComponent(name)
            if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
            try manager.moveItem(at: folder.appendingPathComponent(name), to: destination)
        }
        for name in orphans {
            try? manager.removeItem(at: plugins.appendingPathComponent(name))
            try? manager.removeItem(at: plugins.appendingPathComponent("\(name).disabled"))
        }
    }

    func discard() {
        try? FileManager.default.removeItem(at: folder)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: plugins.path)) ?? []
        if madePlugins && left.isEmpty { try? FileManager.default.removeItem(at: plugins) }
    }
}
