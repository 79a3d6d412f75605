import Crypto
import Foundation

/// A team's Ed25519 key pair, kept in two text files: `PREFIX` holds the secret key and
/// must stay with the team; `PREFIX.pub` holds the public key other teams trust.
public struct SigningKey: Sendable {
    static let secretHeader = "ducha-ed25519-secret"

    /// The raw secret key: Crypto's key types are not `Sendable`, their bytes are.
    private let secret: Data

    private var privateKey: Curve25519.Signing.PrivateKey {
        // The bytes were checked when the key was made or read.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: secret)
    }

    /// The public half, to hand to other teams.
    public var publicKey: PublicKey { PublicKey(raw: privateKey.publicKey.rawRepresentation) }

    /// A new random key pair.
    public init() { secret = Curve25519.Signing.PrivateKey().rawRepresentation }

    /// Reads the secret key file `path`.
    public init(contentsOf path: String) throws {
        let text = try KeyFile.read(path, what: "secret key")
        guard let encoded = KeyFile.payload(of: text, header: Self.secretHeader),
            let raw = Data(base64Encoded: encoded),
            (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil
        else {
            throw TrustError.malformedKey(path: path, expected: "a secret key written by `ducha keygen`")
        }
        secret = raw
    }

    /// Writes `prefix` (the secret key, readable by its owner only) and `prefix.pub`, making
    /// the folder if needed. Refuses to overwrite either file.
    public func write(prefix: String) throws {
        for path in [prefix, prefix + ".pub"] where FileManager.default.fileExists(atPath: path) {
            throw TrustError.keyFileExists(path: path)
        }
        let folder = URL(fileURLWithPath: prefix).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let secret = "\(Self.secretHeader) \(privateKey.rawRepresentation.base64EncodedString())\n"
        guard
            FileManager.default.createFile(
                atPath: prefix, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw TrustError.unwritable(path: prefix)
        }
        try Data(publicKey.fileText.utf8).write(to: URL(fileURLWithPath: prefix + ".pub"))
    }

    /// Signs `data`: the signature names this key, so a verifier knows which key to use.
    public func sign(_ data: Data) throws -> Signature {
        Signature(keyID: publicKey.id, bytes: try privateKey.signature(for: data))
    }
}

/// An Ed25519 public key, named by a short id derived from it.
public struct PublicKey: Sendable, Hashable {
    static let header = "ducha-ed25519"

    /// The raw key, 32 bytes.
    let raw: Data

    init(raw: Data) { self.raw = raw }

    /// The key from its base64 text, as key files and the trust store hold it.
    public init?(base64 text: String) {
        guard let raw = Data(base64Encoded: text), (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
        else { return nil }
        self.raw = raw
    }

    /// Reads the public key file `path` (written by `ducha keygen` as `PREFIX.pub`).
    public init(contentsOf path: String) throws {
        let text = try KeyFile.read(path, what: "public key")
        guard let encoded = KeyFile.payload(of: text, header: Self.header), let key = PublicKey(base64: encoded) else {
            throw TrustError.malformedKey(path: path, expected: "a public key written by `ducha keygen` (PREFIX.pub)")
        }
        self = key
    }

    /// The key as base64 text.
    public var base64: String { raw.base64EncodedString() }

    /// Sixteen hex digits of the key's SHA-256: short enough to read aloud when two teams
    /// compare keys over the telephone.
    public var id: String { String(sha256Hex(raw).prefix(16)) }

    var fileText: String { "\(Self.header) \(base64)\n" }

    /// Whether `signature` is this key's signature of `data`.
    public func verifies(_ signature: Signature, of data: Data) -> Bool {
        guard signature.keyID == id, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            return false
        }
        return key.isValidSignature(signature.bytes, for: data)
    }
}

/// A detached signature, stored as one line of text next to what it signs (`FILE.sig`).
public struct Signature: Sendable, Equatable {
    static let header = "ducha-ed25519-signature"

    /// The id of the key that made it.
    public let keyID: String
    let bytes: Data

    init(keyID: String, bytes: Data) {
        self.keyID = keyID
        self.bytes = bytes
    }

    /// The signature in a `.sig` file's text; nil when the text is not one.
    public init?(fileText: String) {
        let parts = fileText.split(whereSeparator: \.isWhitespace).map(String.init)
        guard parts.count == 3, parts[0] == Self.header, let bytes = Data(base64Encoded: parts[2]), bytes.count == 64
        else { return nil }
        keyID = parts[1]
        self.bytes = bytes
    }

    /// The text of a `.sig` file.
    public var fileText: String { "\(Self.header) \(keyID) \(bytes.base64EncodedString())\n" }
}

/// Reading the one-line key files.
enum KeyFile {
    static func read(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrustError.unreadable(path: path, what: what)
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func payload(of text: String, header: String) -> String? {
        let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard parts.count == 2, parts[0] == header else { return nil }
        return parts[1]
    }
}

/// The SHA-256 of `data` in lower-case hex, as indexes and lockfiles record archives.
public func sha256Hex(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}
