/// Which collections a reader may read and write. Scripts of the user may touch every
/// collection (writes still need the `write` grant); a plugin only those it declares.
public struct AccessPolicy: Sendable, Equatable {
    /// The collections that may be read; nil for all.
    public var readable: Set<String>?
    /// The collections that may be written; nil for all.
    public var writable: Set<String>?
    /// Who holds the policy, as refusals name it ("plugin taojiang-bulletin").
    public var holder: String

    public init(readable: Set<String>?, writable: Set<String>?, holder: String) {
        self.readable = readable
        self.writable = writable
        self.holder = holder
    }

    /// Every collection, read and write.
    public static let unrestricted = AccessPolicy(readable: nil, writable: nil, holder: "")

    /// Refuses to read `collection` unless allowed.
    public func checkRead(_ collection: String) throws {
        guard let readable, !readable.contains(collection) else { return }
        throw QueryError(
            "\(holder) may not read '\(collection)': it declares read = [\(Self.list(readable))] in plugin.toml")
    }

    /// Refuses to write `collection` unless allowed.
    public func checkWrite(_ collection: String) throws {
        guard let writable, !writable.contains(collection) else { return }
        throw QueryError(
            "\(holder) may not write '\(collection)': it declares write = [\(Self.list(writable))] in plugin.toml")
    }

    private static func list(_ names: Set<String>) -> String {
        names.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
