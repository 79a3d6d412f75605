import CFetch
import Foundation

/// Where published plugins are fetched from: a folder, or an http(s) URL serving the same
/// files statically (`index.json`, `index.json.sig`, `NAME-VERSION.zip`, `NAME-VERSION.zip.sig`).
public struct PluginRegistry: Sendable {
    /// The folder path or URL, as configured.
    public let location: String
    /// The name `ducha.toml` gives it, or the location.
    public let name: String

    public init(location: String, name: String? = nil) {
        self.location = location
        self.name = name ?? location
    }

    var isRemote: Bool { location.hasPrefix("http://") || location.hasPrefix("https://") }

    /// The bytes of `file` in the registry.
    public func fetch(_ file: String) throws -> Data {
        if isRemote { return try download(file) }
        let path = URL(fileURLWithPath: location).appendingPathComponent(file).path
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory) || !isDirectory.boolValue {
                throw RegistryError.unreachable(location, "no such folder")
            }
            throw RegistryError.missing(location, file)
        }
        return data
    }

    /// Over http(s); a response may be no larger than an archive may unpack to.
    private func download(_ file: String) throws -> Data {
        let base = location.hasSuffix("/") ? location : location + "/"
        var bytes: UnsafeMutablePointer<UInt8>?
        var length = 0
        var status = 0
        var message = [CChar](repeating: 0, count: 512)
        guard
            fetch_url(
                base + file, 30, Int(PluginArchive.maximumUnpackedBytes), &bytes, &length, &status, &message,
                message.count) == 0
        else {
            throw RegistryError.unreachable(
                location, String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { fetch_free(bytes) }
        if status == 404 { throw RegistryError.missing(location, file) }
        guard status == 200 else { throw RegistryError.unreachable(location, "HTTP status \(status) for \(file)") }
        return bytes.map { Data(bytes: $0, count: length) } ?? Data()
    }
}

/// A registry that cannot be read, or holds something it should not.
public enum RegistryError: Error, Equatable, CustomStringConvertible {
    case unreachable(String, String)
    case missing(String, String)
    case malformedIndex(String, String)
    case unsignedIndex(String)
    case untrustedIndex(String, keyID: String)
    case badIndexSignature(String)
    case alreadyPublished(String)
    case notADirectory(String)

    public var description: String {
        switch self {
        case .unreachable(let registry, let reason): "cannot read the registry \(registry): \(reason)"
        case .missing(let registry, let file): "the registry \(registry) has no \(file)"
        case .malformedIndex(let source, let reason): "\(source): \(reason)"
        case .unsignedIndex(let registry):
            "the index of \(registry) is not signed (use --allow-unsigned only if you trust its source)"
        case .untrustedIndex(let registry, let keyID):
            "the index of \(registry) is signed by the key \(keyID), which this workspace does not trust (ducha trust add)"
        case .badIndexSignature(let registry):
            "the index of \(registry) does not match its signature: it was altered after signing"
        case .alreadyPublished(let release):
            "\(release) is published already; a published version never changes (raise the version)"
        case .notADirectory(let location): "plugins are published to a registry folder, and \(location) is not one"
        }
    }
}
