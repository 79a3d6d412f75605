/// A set of versions a requirement accepts, as in Cargo/npm.
///
/// Plugins name ranges rather than single versions so that compatible fixes reach them without a new release; the
/// range keeps the text it was written as, so that error messages can quote it back.
public struct VersionRange: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The text as written, trimmed; `*` for a range written as nothing.
    public let description: String
    /// All must accept a version for the range to contain it.
    private let comparators: [Comparator]

    /// Accepts every release, for requirements that do not care which version they get.
    public static let any = VersionRange(description: "*", comparators: [])

    private init(description: String, comparators: [Comparator]) {
        self.description = description
        self.comparators = comparators
    }

    /// Parses `*`, exact (`1.2.3`, `=1.2.3`), caret (`^1.2`), tilde (`~1.2.3`) and comparison (`>=1.2`, `<2`)
    /// ranges, and conjunctions of them separated by spaces or commas (`>=1.2, <2.0`); nil for anything else, so
    /// that a typo in a manifest is reported rather than read as some other range.
    public init?(_ text: String) {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else {
            self = .any
            return
        }
        let trimmed = String(text[first...last])
        if trimmed == "*" {
            self = .any
            return
        }
        var comparators: [Comparator] = []
        for clause in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let tokens = clause.split(whereSeparator: \.isWhitespace)
            guard !tokens.isEmpty else { return nil }
            for token in tokens {
                guard let parsed = Self.comparators(token) else { return nil }
                comparators += parsed
            }
        }
        self.init(description: trimmed, comparators: comparators)
    }

    /// Whether the range accepts `version`. A prerelease is accepted only when a comparator names a prerelease of
    /// the same major.minor.patch (npm's rule): asking for `^1.2` must not install `1.3.0-beta`.
    public func contains(_ version: SemanticVersion) -> Bool {
        guard comparators.allSatisfy({ $0.accepts(version) }) else { return false }
        return version.prerelease.isEmpty
            || comparators.contains { comparator in
                let bound = comparator.version
                return !bound.prerelease.isEmpty
                    && (bound.major, bound.minor, bound.patch) == (version.major, version.minor, version.patch)
            }
    }

    /// Reads the range from a single string, as manifests write it.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let range = VersionRange(text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a version range")
            )
        }
        self = range
    }

    /// Writes the range as the single string `init(from:)` reads.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The comparators one written token stands for, or nil if the token is not a range.
    private static func comparators(_ token: Substring) -> [Comparator]? {
        let written = Written.allCases.first { token.hasPrefix($0.symbol) }
        guard let bound = PartialVersion(token.dropFirst(written?.symbol.count ?? 0)) else { return nil }
        let lower = Comparator(.greaterOrEqual, bound.version)
        switch written ?? .exact {
        case .exact where bound.precision == 3:
            return [Comparator(.equal, bound.version)]
        case .exact:
            return bound.incremented(bound.precision - 1).map { [lower, Comparator(.less, $0)] }
        case .caret:
            let numbers = [bound.version.major, bound.version.minor, bound.version.patch].prefix(bound.precision)
            let position = numbers.firstIndex { $0 != 0 } ?? bound.precision - 1
            return bound.incremented(position).map { [lower, Comparator(.less, $0)] }
        case .tilde:
            return bound.incremented(bound.precision >= 2 ? 1 : 0).map { [lower, Comparator(.less, $0)] }
        case .greaterOrEqual:
            return [lower]
        case .lessOrEqual:
            return [Comparator(.lessOrEqual, bound.version)]
        case .greater:
            return [Comparator(.greater, bound.version)]
        case .less:
            return [Comparator(.less, bound.version)]
        }
    }
}

/// The operators a range token may start with, longest first so that `>=` is not read as `>`.
private enum Written: CaseIterable {
    case greaterOrEqual, lessOrEqual, greater, less, exact, caret, tilde

    var symbol: String {
        switch self {
        case .greaterOrEqual: ">="
        case .lessOrEqual: "<="
        case .greater: ">"
        case .less: "<"
        case .exact: "="
        case .caret: "^"
        case .tilde: "~"
        }
    }
}

/// A bound on versions; every written range reduces to a conjunction of these.
private struct Comparator: Hashable, Sendable {
    enum Relation: Hashable, Sendable {
        case equal, less, lessOrEqual, greater, greaterOrEqual
    }

    let relation: Relation
    let version: SemanticVersion

    init(_ relation: Relation, _ version: SemanticVersion) {
        self.relation = relation
        self.version = version
    }

    func accepts(_ candidate: SemanticVersion) -> Bool {
        switch relation {
        case .equal: candidate == version
        case .less: candidate < version
        case .lessOrEqual: candidate <= version
        case .greater: candidate > version
        case .greaterOrEqual: candidate >= version
        }
    }
}

/// A version as ranges may write it, with the minor and patch left out (`1`, `1.2`): the missing parts read as zero,
/// and `precision` remembers how many were written, which caret, tilde and exact ranges need.
private struct PartialVersion {
    let version: SemanticVersion
    let precision: Int

    init?(_ text: Substring) {
        if let full = SemanticVersion(String(text)) {
            version = full
            precision = 3
            return
        }
        let numbers = text.split(separator: ".", omittingEmptySubsequences: false).map(SemanticVersion.number)
        guard numbers.count < 3, let major = numbers[0] else { return nil }
        if numbers.count == 1 {
            version = SemanticVersion(major, 0, 0)
        } else {
            guard let minor = numbers[1] else { return nil }
            version = SemanticVersion(major, minor, 0)
        }
        precision = numbers.count
    }

    /// The version with the number at `position` (0 major, 1 minor, 2 patch) raised by one and those after it zeroed:
    /// the exclusive upper bound of caret, tilde and partial exact ranges. Nil if the number cannot be raised.
    func incremented(_ position: Int) -> SemanticVersion? {
        var numbers = [version.major, version.minor, version.patch]
        guard numbers[position] < Int.max else { return nil }
        numbers[position] += 1
        for later in numbers.indices where later > position {
            numbers[later] = 0
        }
        return SemanticVersion(numbers[0], numbers[1], numbers[2])
    }
}
