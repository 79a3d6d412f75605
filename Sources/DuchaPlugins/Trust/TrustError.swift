/// Problems with keys, signatures and the trust store.
public enum TrustError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, what: String)
    case malformedKey(path: String, expected: String)
    case keyFileExists(path: String)
    case unwritable(path: String)
    case nameTaken(String)
    case keyAlreadyTrusted(id: String, name: String)
    case notTrusted(String)
    case malformedTrustStore(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let what): "cannot read the \(what) \(path)"
        case .malformedKey(let path, let expected): "\(path) is not \(expected)"
        case .keyFileExists(let path): "\(path) exists already; keys are never overwritten (choose another --out)"
        case .unwritable(let path): "cannot write \(path)"
        case .nameTaken(let name):
            "a key named '\(name)' is trusted already (remove it first, or choose another --name)"
        case .keyAlreadyTrusted(let id, let name): "the key \(id) is trusted already, as '\(name)'"
        case .notTrusted(let name): "no trusted key is named '\(name)' or has that id (see `ducha trust list`)"
        case .malformedTrustStore(let path, let reason): "\(path): \(reason)"
        }
    }
}
