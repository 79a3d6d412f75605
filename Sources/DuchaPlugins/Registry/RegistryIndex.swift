import Foundation

/// A registry's `index.json`: every version of every plugin it holds, with what an
/// installer needs to choose and check one before downloading it.
public struct RegistryIndex: Codable, Equatable, Sendable {
    public static let fileName = "index.json"
    public static let currentFormat = 1

    /// One published version of a plugin.
    public struct Release: Codable, Equatable, Sendable {
        public var name: String
        public var version: String
        public var api: String
        public var description: String
        public var team: String
        public var license: String
        public var dependencies: [String: String]
        public var permissions: Permissions
        /// The archive's file name in the registry (`NAME-VERSION.zip`).
        public var archive: String
        public var sha256: String
        /// The id of the key that signed the archive.
        public var signer: String

        /// The permissions as the index lists them.
        public struct Permissions: Codable, Equatable, Sendable {
            public var read: [String]
            public var confidential: Bool
            public var write: [String]
            public var files: [String]
        }

        /// The release as the manifest describes it, with its archive's digest and signer.
        public init(manifest: PluginManifest, sha256: String, signer: String) {
            name = manifest.name
            version = manifest.version.description
            api = manifest.api.description
            description = manifest.description
            team = manifest.team
            license = manifest.license
            dependencies = manifest.dependencies.mapValues(\.description)
            permissions = Permissions(
                read: manifest.permissions.read, confidential: manifest.permissions.confidential,
                write: manifest.permissions.write, files: manifest.permissions.files)
            archive = "\(manifest.name)-\(manifest.version).zip"
            self.sha256 = sha256
            self.signer = signer
        }

        /// The release as the resolver sees it; nil when its versions cannot be read.
        public var candidate: PackageCandidate? {
            guard let version = SemanticVersion(version) else { return nil }
            var ranges: [String: VersionRange] = [:]
            for (name, text) in dependencies {
                guard let range = VersionRange(text) else { return nil }
                ranges[name] = range
            }
            return PackageCandidate(name: name, version: version, dependencies: ranges)
        }
    }

    public var format: Int
    /// Releases by plugin name, oldest first.
    public var plugins: [String: [Release]]

    public init(plugins: [String: [Release]] = [:]) {
        format = Self.currentFormat
        self.plugins = plugins
    }

    /// The release of `name` at `version`, if published.
    public func release(_ name: String, _ version: SemanticVersion) -> Release? {
        plugins[name]?.first { SemanticVersion($0.version) == version }
    }

    /// The index as bytes: sorted keys, so the same index always signs the same.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads an index; `source` is how errors name it.
    public static func decode(_ data: Data, source: String) throws -> RegistryIndex {
        let index: RegistryIndex
        do {
            index = try JSONDecoder().decode(RegistryIndex.self, from: data)
        } catch {
            throw RegistryError.malformedIndex(source, "not a registry index")
        }
        guard index.format == currentFormat else {
            throw RegistryError.malformedIndex(
                source, "format \(index.format) is not one this ducha reads (\(currentFormat))")
        }
        // Names become folder names: one that is not a plugin name could point anywhere.
        for (name, releases) in index.plugins {
            guard PluginManifest.isValidName(name) else {
                throw RegistryError.malformedIndex(source, "'\(name)' is not a plugin name")
            }
            for release in releases {
                guard release.name == name, release.dependencies.keys.allSatisfy(PluginManifest.isValidName),
                    release.archive == "\(name)-\(release.version).zip"
                else {
                    throw RegistryError.malformedIndex(
                        source, "the entry for \(name) \(release.version) is inconsistent")
                }
            }
        }
        return index
    }
}
