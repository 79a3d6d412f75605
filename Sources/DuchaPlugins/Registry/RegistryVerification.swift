import Foundation

/// A registry's index whose signature has been checked against the trust store.
public struct VerifiedIndex: Sendable {
    public let registry: PluginRegistry
    public let index: RegistryIndex
    /// Who signed the index; nil when unsigned and allowed.
    public let signer: TrustStore.Entry?
}

/// An archive whose digest and signature have been checked, ready to unpack.
public struct VerifiedArchive: Sendable {
    public let release: RegistryIndex.Release
    public let registry: PluginRegistry
    public let data: Data
    /// Who signed the archive; nil when unsigned and allowed.
    public let signer: TrustStore.Entry?
}

/// An archive refused before anything of it was unpacked.
public enum VerificationError: Error, Equatable, CustomStringConvertible {
    case digestMismatch(release: String, expected: String, actual: String)
    case unsigned(String)
    case untrusted(String, keyID: String)
    case badSignature(String)
    case signerMismatch(String, indexSays: String, signedBy: String)

    public var description: String {
        switch self {
        case .digestMismatch(let release, let expected, let actual):
            "the archive of \(release) was altered: its sha256 is \(actual), the index says \(expected)"
        case .unsigned(let release):
            "\(release) is not signed (use --allow-unsigned only if you trust its source)"
        case .untrusted(let release, let keyID):
            "\(release) is signed by the key \(keyID), which this workspace does not trust (ducha trust add)"
        case .badSignature(let release): "the signature of \(release) does not match its archive"
        case .signerMismatch(let release, let indexSays, let signedBy):
            "\(release) is signed by \(signedBy), but the index says \(indexSays) signed it"
        }
    }
}

extension PluginRegistry {
    /// The index, after checking its signature: refused when altered, unsigned (unless
    /// `allowUnsigned`) or signed by a key the workspace does not trust.
    public func verifiedIndex(trust: TrustStore, allowUnsigned: Bool, warn: (String) -> Void) throws -> VerifiedIndex {
        let data = try fetch(RegistryIndex.fileName)
        let signer = try checkSignature(
            of: data, file: RegistryIndex.fileName, trust: trust, allowUnsigned: allowUnsigned, warn: warn,
            unsigned: RegistryError.unsignedIndex(name),
            untrusted: { RegistryError.untrustedIndex(name, keyID: $0) },
            bad: RegistryError.badIndexSignature(name),
            warning: "the index of \(name) is not signed; trusting it because of --allow-unsigned")
        return VerifiedIndex(
            registry: self, index: try RegistryIndex.decode(data, source: "\(name)/\(RegistryIndex.fileName)"),
            signer: signer)
    }

    /// A release's archive, after checking its sha256 against the index and its signature
    /// against the trust store.
    public func verifiedArchive(
        _ release: RegistryIndex.Release, trust: TrustStore, allowUnsigned: Bool, warn: (String) -> Void
    ) throws -> VerifiedArchive {
        let title = "\(release.name) \(release.version)"
        let data = try fetch(release.archive)
        let digest = sha256Hex(data)
        guard digest == release.sha256 else {
            throw VerificationError.digestMismatch(release: title, expected: release.sha256, actual: digest)
        }
        let signer = try checkSignature(
            of: data, file: release.archive, trust: trust, allowUnsigned: allowUnsigned, warn: warn,
            unsigned: VerificationError.unsigned(title),
            untrusted: { VerificationError.untrusted(title, keyID: $0) },
            bad: VerificationError.badSignature(title),
            warning: "\(title) is not signed; installing it because of --allow-unsigned")
        if let signer, signer.id != release.signer {
            throw VerificationError.signerMismatch(title, indexSays: release.signer, signedBy: signer.id)
        }
        return VerifiedArchive(release: release, registry: self, data: data, signer: signer)
    }

    private func checkSignature(
        of data: Data, file: String, trust: TrustStore, allowUnsigned: Bool, warn: (String) -> Void,
        unsigned: any Error, untrusted: (String) -> any Error, bad: any Error, warning: String
    ) throws -> TrustStore.Entry? {
        let signatureText: Data
        do {
            signatureText = try fetch(file + ".sig")
        } catch RegistryError.missing {
            guard allowUnsigned else { throw unsigned }
            warn(warning)
            return nil
        }
        guard let signature = Signature(fileText: String(decoding: signatureText, as: UTF8.self)) else { throw bad }
        guard trust.signer(of: signature) != nil else {
            guard allowUnsigned else { throw untrusted(signature.keyID) }
            warn("\(file) is signed by an untrusted key (\(signature.keyID)); accepting it because of --allow-unsigned")
            return nil
        }
        guard let signer = trust.verify(signature, of: data) else { throw bad }
        return signer
    }
}
