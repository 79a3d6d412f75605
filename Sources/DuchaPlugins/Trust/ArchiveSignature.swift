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
        let verdict = trust.verdict(
            on: FileManager.default.contents(atPath: archive.path + ".sig"), of: try Data(contentsOf: archive))
        guard case .trusted(let signer) = verdict else {
            throw VerificationError.refusing(archive.lastPathComponent)(verdict)
        }
        return signer
    }
}
