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
        let signer = try verdict(on: data, file: RegistryIndex.fileName, trust: trust).acceptedSigner(
            allowUnsigned: allowUnsigned, warn: warn,
            unsignedWarning: "the index of \(name) is not signed; trusting it because of --allow-unsigned",
            untrustedWarning: { Self.untrustedWarning(RegistryIndex.fileName, keyID: $0, action: "accepting") }
        ) { verdict in
            switch verdict {
            case .unsigned: RegistryError.unsignedIndex(name)
            case .untrusted(let keyID): RegistryError.untrustedIndex(name, keyID: keyID)
            case .trusted, .invalid: RegistryError.badIndexSignature(name)
            }
        }
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
        let signer = try verdict(on: data, file: release.archive, trust: trust).acceptedSigner(
            allowUnsigned: allowUnsigned, warn: warn,
            unsignedWarning: "\(title) is not signed; installing it because of --allow-unsigned",
            untrustedWarning: { Self.untrustedWarning(release.archive, keyID: $0, action: "accepting") },
            refusal: VerificationError.refusing(title))
        if let signer, signer.id != release.signer {
            throw VerificationError.signerMismatch(title, indexSays: release.signer, signedBy: signer.id)
        }
        return VerifiedArchive(release: release, registry: self, data: data, signer: signer)
    }

    /// The verdict on `file`'s signature, `file.sig` in the registry.
    private func verdict(on data: Data, file: String, trust: TrustStore) throws -> SignatureVerdict {
        let signatureText: Data?
        do {
            signatureText = try fetch(file + ".sig")
        } catch RegistryError.missing {
            signatureText = nil
        }
        return trust.verdict(on: signatureText, of: data)
    }

    static func untrustedWarning(_ subject: String, keyID: String, action: String) -> String {
        "\(subject) is signed by an untrusted key (\(keyID)); \(action) it because of --allow-unsigned"
    }
}
