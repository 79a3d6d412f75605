/// A semantic version (semver.org 2.0): MAJOR.MINOR.PATCH with optional -prerelease and +build.
///
/// Plugins declare their versions in this form so that a resolver can tell a compatible update from a breaking one.
public struct SemanticVersion: Comparable, Hashable, Sendable, CustomStringConvertible, Codable {
    /// Raised for changes that break the plugin's users, so ranges stop at the next major.
    public let major: Int
    /// Raised for additions that keep existing users working.
    public let minor: Int
    /// Raised for fixes alone.
    public let patch: Int
    /// Dot-separated identifiers of a version published ahead of its release; they lower its precedence.
    public let prerelease: [String]
    /// Build metadata, kept for display only: it takes no part in precedence or equality.
    public let build: [String]

    /// Builds a version from its parts without validating the identifiers, for code that already holds them.
    public init(_ major: Int, _ minor: Int, _ patch: Int, prerelease: [String] = [], build: [String] = []) {
        precondition(major >= 0 && minor >= 0 && patch >= 0, "version numbers cannot be negative")
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses the strict semver form (`1.2.3`, `1.0.0-rc.1`, `1.0.0+build.5`), or nil: registries must agree on what
    /// a version is, so no leading zeros, no `v` prefix and no missing parts.
    public init?(_ text: String) {
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            guard let identifiers = Self.identifiers(rest[rest.index(after: plus)...]) else { return nil }
            build = identifiers
            rest = rest[..<plus]
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            guard let identifiers = Self.identifiers(rest[rest.index(after: dash)...]),
                identifiers.allSatisfy({ !Self.isNumeric($0) || $0 == "0" || $0.first != "0" })
            else { return nil }
            prerelease = identifiers
            rest = rest[..<dash]
        }
        let numbers = rest.split(separator: ".", omittingEmptySubsequences: false).map(Self.number)
        guard numbers.count == 3, let major = numbers[0], let minor = numbers[1], let patch = numbers[2] else {
            return nil
        }
        self.init(major, minor, patch, prerelease: prerelease, build: build)
    }

    /// The canonical text, which `init?(_:)` reads back to an identical version.
    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }

    /// Reads the version from a single string, as manifests and lock files write it.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = SemanticVersion(text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a semantic version"))
        }
        self = version
    }

    /// Writes the version as the single string `init(from:)` reads.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Versions that differ only in build metadata are the same release, as semver requires.
    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.patch == rhs.patch && lhs.prerelease == rhs.prerelease
    }

    /// Hashes what `==` compares, so that versions differing only in build metadata share a set slot.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    /// Semver precedence, which decides which version is newest: a prerelease comes before its release, and
    /// prerelease identifiers compare numerically when both are numbers.
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        if lhs.prerelease.isEmpty || rhs.prerelease.isEmpty {
            return !lhs.prerelease.isEmpty && rhs.prerelease.isEmpty
        }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            return identifierPrecedes(left, right)
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    /// A major, minor or patch number: digits without a leading zero that fit in an `Int`.
    static func number(_ text: Substring) -> Int? {
        guard isNumeric(text), text == "0" || text.first != "0" else { return nil }
        return Int(text)
    }

    private static func isNumeric<Text: StringProtocol>(_ text: Text) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(digits.contains)
    }

    private static let digits = UInt8(ascii: "0")...UInt8(ascii: "9")

    /// Dot-separated identifiers of ASCII letters, digits and hyphens, none empty, or nil.
    private static func identifiers(_ text: Substring) -> [String]? {
        let identifiers = text.split(separator: ".", omittingEmptySubsequences: false)
        let allowed = [UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), digits]
        let valid = identifiers.allSatisfy { identifier in
            !identifier.isEmpty
                && identifier.utf8.allSatisfy { byte in
                    byte == UInt8(ascii: "-") || allowed.contains { $0.contains(byte) }
                }
        }
        return valid ? identifiers.map(String.init) : nil
    }

    /// Numeric identifiers are lower than alphanumeric ones; numbers compare by value (by length first, so that
    /// identifiers too long for an `Int` still order), others by ASCII.
    private static func identifierPrecedes(_ left: String, _ right: String) -> Bool {
        switch (isNumeric(left), isNumeric(right)) {
        case (true, true):
            return left.count != right.count
                ? left.count < right.count : left.utf8.lexicographicallyPrecedes(right.utf8)
        case (true, false):
            return true
        case (false, true):
            return false
        case (false, false):
            return left.utf8.lexicographicallyPrecedes(right.utf8)
        }
    }
}
