import Foundation

/// Adds signed releases to a registry folder. The folder can then be copied to a share
/// or served over http(s) as it is.
public enum RegistryPublisher {
    /// Packs the plugin in `folder`, signs it with `key` and adds it to the registry.
    @discardableResult
    public static func publish(folder: URL, to registry: URL, key: SigningKey) throws -> RegistryIndex.Release {
        let manifest = try PluginManifest(folder: folder)
        return try publish(archive: try PluginArchive.pack(folder: folder), manifest: manifest, to: registry, key: key)
    }

    /// Adds an archive already packed to the registry, signing it and the new index with
    /// `key`. The registry also keeps the public key, so the next publisher can check the
    /// index it extends was not altered.
    @discardableResult
    public static func publish(archive: Data, manifest: PluginManifest, to registry: URL, key: SigningKey) throws
        -> RegistryIndex.Release
    {
        var isDirectory: ObjCBool = false
        let manager = FileManager.default
        if !manager.fileExists(atPath: registry.path) {
            try manager.createDirectory(at: registry, withIntermediateDirectories: true)
        } else if !manager.fileExists(atPath: registry.path, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw RegistryError.notADirectory(registry.path)
        }
        var index = try existingIndex(in: registry)
        guard index.release(manifest.name, manifest.version) == nil else {
            throw RegistryError.alreadyPublished(manifest.title)
        }
        let release = RegistryIndex.Release(manifest: manifest, sha256: sha256Hex(archive), signer: key.publicKey.id)
        index.plugins[manifest.name, default: []].append(release)
        index.plugins[manifest.name]?.sort {
            (SemanticVersion($0.version) ?? SemanticVersion(0, 0, 0))
                < (SemanticVersion($1.version) ?? SemanticVersion(0, 0, 0))
        }
        let indexData = try index.encoded()
        let keys = registry.appendingPathComponent("keys")
        try manager.createDirectory(at: keys, withIntermediateDirectories: true)
        try Data(key.publicKey.fileText.utf8).write(to: keys.appendingPathComponent("\(key.publicKey.id).pub"))
        try archive.write(to: registry.appendingPathComponent(release.archive), options: .atomic)
        try Data(try key.sign(archive).fileText.utf8).write(
            to: registry.appendingPathComponent(release.archive + ".sig"), options: .atomic)
        try indexData.write(to: registry.appendingPathComponent(RegistryIndex.fileName), options: .atomic)
        try Data(try key.sign(indexData).fileText.utf8).write(
            to: registry.appendingPathComponent(RegistryIndex.fileName + ".sig"), options: .atomic)
        return release
    }

    /// The registry's index, checked against the key that signed it; empty for a new registry.
    private static func existingIndex(in registry: URL) throws -> RegistryIndex {
        let file = registry.appendingPathComponent(RegistryIndex.fileName)
        guard let data = FileManager.default.contents(atPath: file.path) else { return RegistryIndex() }
        guard
            let signatureData = FileManager.default.contents(atPath: file.path + ".sig"),
            let signature = Signature(fileText: String(decoding: signatureData, as: UTF8.self)),
            let key = try? PublicKey(contentsOf: registry.appendingPathComponent("keys/\(signature.keyID).pub").path),
            key.verifies(signature, of: data)
        else {
            throw RegistryError.badIndexSignature(registry.path)
        }
        return try RegistryIndex.decode(data, source: file.path)
    }
}
