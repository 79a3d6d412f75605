import Foundation

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
        let title = path.lastPathComponent
        signer = try trust.verdict(on: FileManager.default.contents(atPath: path.path + ".sig"), of: archive)
            .acceptedSigner(
                allowUnsigned: allowUnsigned, warn: warn,
                unsignedWarning: "\(title) is not signed; installing it because of --allow-unsigned",
                untrustedWarning: { PluginRegistry.untrustedWarning(title, keyID: $0, action: "installing") },
                refusal: VerificationError.refusing(title))
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("ducha-probe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: probe) }
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
