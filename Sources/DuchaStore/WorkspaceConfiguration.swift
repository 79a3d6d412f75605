import DuchaModel
import Foundation
import TOMLKit

/// What `ducha.toml` holds.
public struct WorkspaceConfiguration: Codable, Equatable, Sendable {
    /// Who is working, and what they may see and do.
    public struct Identity: Codable, Equatable, Sendable {
        public var user: String
        /// The id of the body the user works for, if set.
        public var body: String?
        /// Grants beyond reading internal data: `confidential`, `secret`, `write`.
        public var grants: [String]

        public init(user: String, body: String? = nil, grants: [String] = []) {
            self.user = user
            self.body = body
            self.grants = grants
        }
    }

    /// A plugin registry: a directory or an http(s) URL. Earlier ones are asked first.
    public struct Registry: Codable, Equatable, Sendable {
        public var name: String
        public var url: String
    }

    public var name: String
    /// The database file, relative to the workspace folder.
    public var database: String
    /// The date reports count "as of" unless told otherwise (`YYYY-MM-DD`); today when absent.
    public var asOf: String?
    public var identity: Identity
    public var registries: [Registry]
    /// The workspace's own codes for data-driven enumerations, and new labels for
    /// built-in ones: `[taxonomy.finding_category]` then `mask_missing = "未佩戴口罩"`.
    public var taxonomy: [String: [String: String]]

    enum CodingKeys: String, CodingKey {
        case name, database, identity, registries, taxonomy
        case asOf = "as_of"
    }

    public init(
        name: String, database: String = "ducha.sqlite", asOf: String? = nil, identity: Identity,
        registries: [Registry] = [], taxonomy: [String: [String: String]] = [:]
    ) {
        self.name = name
        self.database = database
        self.asOf = asOf
        self.identity = identity
        self.registries = registries
        self.taxonomy = taxonomy
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        database = try container.decodeIfPresent(String.self, forKey: .database) ?? "ducha.sqlite"
        asOf = try container.decodeIfPresent(String.self, forKey: .asOf)
        identity = try container.decode(Identity.self, forKey: .identity)
        registries = try container.decodeIfPresent([Registry].self, forKey: .registries) ?? []
        taxonomy = try container.decodeIfPresent([String: [String: String]].self, forKey: .taxonomy) ?? [:]
    }

    /// The taxonomy additions as enumeration values: each code's label is Chinese, and
    /// stands for English too. New codes follow the built-in ones in code order.
    public var taxonomyAdditions: [String: [EnumerationValue]] {
        taxonomy.mapValues { codes in
            codes.keys.sorted().map { EnumerationValue($0, codes[$0]!, codes[$0]!) }
        }
    }

    /// Reads and checks a configuration; errors name the file and the key.
    public static func parse(_ text: String, file: String) throws -> WorkspaceConfiguration {
        let configuration: WorkspaceConfiguration
        do {
            configuration = try TOMLDecoder().decode(WorkspaceConfiguration.self, from: text)
        } catch let error as TOMLParseError {
            throw WorkspaceError.invalidConfiguration(
                file: file, problem: "\(error.source.begin): \(error.description)")
        } catch let error as DecodingError {
            throw WorkspaceError.invalidConfiguration(file: file, problem: Self.describe(error, in: text))
        }
        if let asOf = configuration.asOf, CalendarDate(iso: asOf) == nil {
            throw WorkspaceError.invalidConfiguration(
                file: file, problem: "as_of: '\(asOf)' is not a date in the form YYYY-MM-DD")
        }
        do {
            _ = try Taxonomy(additions: configuration.taxonomyAdditions)
        } catch {
            throw WorkspaceError.invalidConfiguration(file: file, problem: "taxonomy: \(error)")
        }
        let unknown = Set(configuration.identity.grants).subtracting(["confidential", "secret", "write"])
        if let grant = unknown.sorted().first {
            throw WorkspaceError.invalidConfiguration(
                file: file, problem: "identity.grants: unknown grant '\(grant)' (valid: confidential, secret, write)")
        }
        return configuration
    }

    /// The configuration as TOML text, with comments for a person editing it. TOMLKit
    /// writes each key and value; the comments go between them.
    public func tomlText() -> String {
        var lines = [
            "# Ducha workspace",
            Self.assignment("name", name),
            "# The database file, relative to this folder.",
            Self.assignment("database", database),
            "# The date reports count \"as of\" unless --as-of says otherwise; today when absent.",
            asOf.map { Self.assignment("as_of", $0) } ?? "# as_of = \"2021-08-14\"",
            "", "[identity]", Self.assignment("user", identity.user),
            identity.body.map { Self.assignment("body", $0) } ?? "# body = \"body:city\"",
            "# Grants beyond internal data: \"confidential\", \"secret\", \"write\".",
            Self.assignment("grants", TOMLArray(identity.grants)),
        ]
        for registry in registries {
            lines += [
                "", "[[registries]]", Self.assignment("name", registry.name), Self.assignment("url", registry.url),
            ]
        }
        for (kind, codes) in taxonomy.sorted(by: { $0.key < $1.key }) {
            lines += ["", "[taxonomy.\(kind)]"] + codes.sorted(by: { $0.key < $1.key }).map(Self.assignment)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `key = value` as TOMLKit writes it, quoting and escaping included.
    private static func assignment(_ key: String, _ value: any TOMLValueConvertible) -> String {
        let table = TOMLTable()
        table[key] = value
        return table.convert(to: .toml, options: [.allowUnicodeStrings]).trimmingCharacters(in: .newlines)
    }

    private static func describe(_ error: DecodingError, in text: String) -> String {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> [String] {
            var names = codingPath.map(\.stringValue)
            if let key, names.last != key.stringValue { names.append(key.stringValue) }
            return names
        }
        switch error {
        case .keyNotFound(let key, let context):
            let names = path(context.codingPath, key)
            // The decoder reports a value of the wrong type as a missing key.
            let present =
                (try? TOMLTable(string: text)).map { table in
                    var node: TOMLValueConvertible? = table
                    for name in names { node = node?.table?[name] }
                    return node != nil
                } ?? false
            return present
                ? "\(names.joined(separator: ".")): wrong type" : "missing key '\(names.joined(separator: "."))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath).joined(separator: ".")): wrong type"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath).joined(separator: ".")): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension WorkspaceConfiguration.Identity {
    /// The most sensitive data the grants let the user see as it is: what the user's
    /// scripts read and exports show. Text above it is a pseudonym.
    public var clearance: Sensitivity {
        if grants.contains("secret") { return .secret }
        if grants.contains("confidential") { return .confidential }
        return .internal
    }

    /// Whether the grants let the user write records.
    public var mayWrite: Bool { grants.contains("write") }
}
