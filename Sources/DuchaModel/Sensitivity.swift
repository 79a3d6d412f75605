/// How sensitive a collection or field is. A reader sees a value only with a grant
/// at least as high; otherwise it sees a stable pseudonym.
public enum Sensitivity: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    case `public`
    case `internal`
    case confidential
    case secret

    public static func < (lhs: Sensitivity, rhs: Sensitivity) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .public: "public"
        case .internal: "internal"
        case .confidential: "confidential"
        case .secret: "secret"
        }
    }
}
