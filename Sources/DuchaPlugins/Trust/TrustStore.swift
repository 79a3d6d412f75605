import Foundation
import TOMLKit

/// The public keys a workspace trusts, each under a team's name; kept in
/// `trusted-keys.toml` in the workspace folder.
public struct TrustStore: Sendable {
    public static let fileName = "trusted-keys.toml"

    /// A key trusted under a name.
    public struct Entry: Codable, Equatable, Sendable {
        public var name: String
        public var id: String
        public var publicKey: String

        enum CodingKeys: String, CodingKey {
            case name, id
            case publicKey = "public_key"
        }

        /// The key itself.
        public var key: PublicKey? { PublicKey(base64: publicKey) }
    }

    private struct File: Codable {
        var key: [Entry]
    }

    public let path: URL
    public private(set) var entries: [Entry]

    /// The store of the workspace in `directory` (empty when the file does not exist yet).
    public init(workspace directory: URL) throws {
        path = directory.appendingPathComponent(Self.fileName)
        guard let data = FileManager.default.contents(atPath: path.path) else {
            entries = []
            return
        }
        do {
            entries = try TOMLDecoder().decode(File.self, from: String(decoding: data, as: UTF8.self)).key
        } catch {
            throw TrustError.malformedTrustStore(
                path: path.path, reason: "not a list of [[key]] tables with name, id and public_key")
        }
        for entry in entries where entry.key?.id != entry.id {
            throw TrustError.malformedTrustStore(
                path: path.path, reason: "the key named '\(entry.name)' does not match its id \(entry.id)")
        }
    }

    /// The trusted entry of the key that made `signature`, if that key is trusted.
    public func signer(of signature: Signature) -> Entry? { entries.first { $0.id == signature.keyID } }

    /// Whether a trusted key made `signature` of `data`; the signer's entry if so.
    public func verify(_ signature: Signature, of data: Data) -> Entry? {
        guard let entry = signer(of: signature), let key = entry.key, key.verifies(signature, of: data) else {
            return nil
        }
        return entry
    }

    /// Trusts `key` under `name` and saves the store.
    public mutating func add(_ key: PublicKey, name: String) throws {
        if let existing = entries.first(where: { $0.id == key.id }) {
            throw TrustError.keyAlreadyTrusted(id: key.id, name: existing.name)
        }
        if entries.contains(where: { $0.name == name }) { throw TrustError.nameTaken(name) }
        entries.append(Entry(name: name, id: key.id, publicKey: key.base64))
        try save()
    }

    /// Stops trusting the key with this name or id, and saves the store.
    @discardableResult
    public mutating func remove(_ nameOrID: String) throws -> Entry {
        guard let index = entries.firstIndex(where: { $0.name == nameOrID || $0.id == nameOrID }) else {
            throw TrustError.notTrusted(nameOrID)
        }
        let removed = entries.remove(at: index)
        try save()
        return removed
    }

    private func save() throws {
        let text = try readableTOML(File(key: entries))
        try Data(("# Keys whose signatures this workspace accepts on plugins (ducha trust add|remove).\n" + text).utf8)
            .write(to: path, options: .atomic)
    }
}
