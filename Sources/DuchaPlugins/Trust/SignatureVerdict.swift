import Foundation

/// What a detached signature says of some bytes, as far as a workspace trusts keys.
public enum SignatureVerdict: Equatable, Sendable {
    /// Made by a trusted key, and it matches.
    case trusted(TrustStore.Entry)
    /// There is no signature.
    case unsigned
    /// Made by a key the workspace does not trust.
    case untrusted(keyID: String)
    /// Not a signature, or one that does not match the bytes.
    case invalid

    /// The signer to record, when the verdict may be accepted: trusted; or, with
    /// `allowUnsigned`, unsigned or by an unknown key, after warning with the matching text.
    /// Otherwise the error `refusal` makes of the verdict.
    func acceptedSigner(
        allowUnsigned: Bool, warn: (String) -> Void, unsignedWarning: String, untrustedWarning: (String) -> String,
        refusal: (SignatureVerdict) -> any Error
    ) throws -> TrustStore.Entry? {
        switch self {
        case .trusted(let entry): return entry
        case .unsigned where allowUnsigned: warn(unsignedWarning)
        case .untrusted(let keyID) where allowUnsigned: warn(untrustedWarning(keyID))
        default: throw refusal(self)
        }
        return nil
    }
}

extension TrustStore {
    /// The verdict on `signatureText` (the bytes of a `.sig` file; nil when there is none)
    /// for `data`.
    public func verdict(on signatureText: Data?, of data: Data) -> SignatureVerdict {
        guard let signatureText else { return .unsigned }
        guard let signature = Signature(fileText: String(decoding: signatureText, as: UTF8.self)) else {
            return .invalid
        }
        guard signer(of: signature) != nil else { return .untrusted(keyID: signature.keyID) }
        guard let entry = verify(signature, of: data) else { return .invalid }
        return .trusted(entry)
    }
}

extension VerificationError {
    /// The refusal of an archive called `title` for what its signature's verdict says.
    static func refusing(_ title: String) -> (SignatureVerdict) -> any Error {
        { verdict in
            switch verdict {
            case .unsigned: VerificationError.unsigned(title)
            case .untrusted(let keyID): VerificationError.untrusted(title, keyID: keyID)
            case .trusted, .invalid: VerificationError.badSignature(title)
            }
        }
    }
}
