import Foundation

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
