import Foundation

/// A folder next to `plugins/` where releases are unpacked and checked before any of
/// them replaces what is installed.
final class Staging {
    let plugins: URL
    let folder: URL
    private var unpacked: [String] = []

    init(plugins: URL) throws {
        self.plugins = plugins
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

    func discard() { try? FileManager.default.removeItem(at: folder) }
}

/// A plugin installed from a path: a folder (packed on the spot, unsigned) or an archive
/// with its signature in `ARCHIVE.sig`.
struct LocalRelease {
    let path: URL
    let manifest: PluginManifest
    let data: Data
    let signer: TrustStore.Entry?

    init(path: URL, trust: TrustStore, allowUnsigned: Bool, warn: (String) -> Void) throws {
        self.path = path.standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
            throw InstallError.notAPlugin(path.path)
        }
        if isDirectory.boolValue {
            manifest = try PluginManifest(folder: path)
            data = try PluginArchive.pack(folder: path)
            guard allowUnsigned else { throw VerificationError.unsigned("\(manifest.title) (a folder)") }
            warn("\(manifest.title) is installed from a folder, unsigned, because of --allow-unsigned")
            signer = nil
            return
        }
        guard path.pathExtension == "zip", let archive = FileManager.default.contents(atPath: path.path) else {
            throw InstallError.notAPlugin(path.path)
        }
        data = archive
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("ducha-probe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: probe) }
        let title = path.lastPathComponent
        guard let signatureData = FileManager.default.contents(atPath: path.path + ".sig") else {
            guard allowUnsigned else { throw VerificationError.unsigned(title) }
            warn("\(title) is not signed; installing it because of --allow-unsigned")
            try PluginArchive.unpack(archive, into: probe)
            manifest = try PluginManifest(folder: probe)
            signer = nil
            return
        }
        guard let signature = Signature(fileText: String(decoding: signatureData, as: UTF8.self)) else {
            throw VerificationError.badSignature(title)
        }
        if let entry = trust.verify(signature, of: archive) {
            signer = entry
        } else if trust.signer(of: signature) != nil {
            throw VerificationError.badSignature(title)
        } else if allowUnsigned {
            warn(
                "\(title) is signed by an untrusted key (\(signature.keyID)); installing it because of --allow-unsigned"
            )
            signer = nil
        } else {
            throw VerificationError.untrusted(title, keyID: signature.keyID)
        }
        try PluginArchive.unpack(archive, into: probe)
        manifest = try PluginManifest(folder: probe)
    }

    var candidate: PackageCandidate {
        PackageCandidate(name: manifest.name, version: manifest.version, dependencies: manifest.dependencies)
    }

    var release: RegistryIndex.Release {
        RegistryIndex.Release(manifest: manifest, sha256: sha256Hex(data), signer: signer?.id ?? "")
    }
}

/// Signing and checking an archive file on its own (`ducha plugin sign|verify`).
public enum ArchiveSignature {
    /// Writes `ARCHIVE.sig` next to the archive.
    public static func sign(archive: URL, key: SigningKey) throws {
        let data = try Data(contentsOf: archive)
        try Data(try key.sign(data).fileText.utf8).write(to: URL(fileURLWithPath: archive.path + ".sig"))
    }

    /// The trusted signer of the archive, or the reason it has none.
    public static func verify(archive: URL, trust: TrustStore) throws -> TrustStore.Entry {
        let title = archive.lastPathComponent
        let data = try Data(contentsOf: archive)
        guard let signatureData = FileManager.default.contents(atPath: archive.path + ".sig") else {
            throw VerificationError.unsigned(title)
        }
        guard let signature = Signature(fileText: String(decoding: signatureData, as: UTF8.self)) else {
            throw VerificationError.badSignature(title)
        }
        guard trust.signer(of: signature) != nil else {
            throw VerificationError.untrusted(title, keyID: signature.keyID)
        }
        guard let signer = trust.verify(signature, of: data) else { throw VerificationError.badSignature(title) }
        return signer
    }
}
