import DuchaPlugins
import Foundation
import Testing

@Suite struct RegistryTests {
    private let scratch: TemporaryFolder
    private let publisher = SigningKey()
    private let folder: URL
    private let registry: PluginRegistry

    init() throws {
        scratch = try TemporaryFolder()
        folder = scratch.path("registry")
        registry = PluginRegistry(location: folder.path, name: "county")
    }

    /// A trust store holding `keys`, in a workspace of its own.
    private func store(_ keys: [(name: String, key: SigningKey)]) throws -> TrustStore {
        try trust(keys, in: try scratch.folder("workspace-\(UUID().uuidString)"))
    }

    /// A trust store holding the publisher's key as 桃江县纪委监委.
    private func trusting() throws -> TrustStore { try store([("桃江县纪委监委", publisher)]) }

    @discardableResult
    private func publish(_ name: String, _ version: String, dependencies: [String: String] = [:]) throws
        -> RegistryIndex.Release
    {
        try publishPlugin(
            name, version, dependencies: dependencies, to: folder, key: publisher, scratch: scratch)
    }

    private func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    private func alter(_ name: String) throws {
        let data = try Data(contentsOf: file(name))
        try flippingByte(of: data, at: data.count / 2).write(to: file(name))
    }

    @Test func aPublishedPluginIsListedInAnIndexSignedByThePublisher() throws {
        let published = try publish("taojiang-bulletin", "1.2.0", dependencies: ["common-formats": "^2.1"])
        var warnings: [String] = []
        let verified = try registry.verifiedIndex(trust: try trusting(), allowUnsigned: false) { warnings.append($0) }
        #expect(verified.signer?.name == "桃江县纪委监委")
        #expect(verified.signer?.id == publisher.publicKey.id)
        #expect(warnings.isEmpty)
        let release = try #require(verified.index.release("taojiang-bulletin", SemanticVersion(1, 2, 0)))
        #expect(release == published)
        #expect(release.api == "^1.0")
        #expect(release.team == "桃江县纪委监委")
        #expect(release.dependencies == ["common-formats": "^2.1"])
        #expect(release.archive == "taojiang-bulletin-1.2.0.zip")
        #expect(release.sha256 == sha256Hex(try Data(contentsOf: file("taojiang-bulletin-1.2.0.zip"))))
        #expect(release.signer == publisher.publicKey.id)
        #expect(
            contents(of: folder) == [
                "index.json", "index.json.sig", "keys", "taojiang-bulletin-1.2.0.zip",
                "taojiang-bulletin-1.2.0.zip.sig",
            ])
        #expect(contents(of: file("keys")) == ["\(publisher.publicKey.id).pub"])
    }

    @Test func versionsAreListedOldestFirstWhateverTheOrderOfPublishing() throws {
        for version in ["1.10.0", "1.2.0", "1.9.0"] { try publish("common-formats", version) }
        let index = try registry.verifiedIndex(trust: try trusting(), allowUnsigned: false) { _ in }.index
        #expect(index.plugins["common-formats"]?.map(\.version) == ["1.2.0", "1.9.0", "1.10.0"])
    }

    @Test func aPublishedVersionIsNeverReplaced() throws {
        try publish("common-formats", "1.0.0")
        let before = snapshot(of: folder)
        let error = try #require(throws: RegistryError.self) { try publish("common-formats", "1.0.0") }
        #expect(error == .alreadyPublished("common-formats 1.0.0"))
        #expect(
            error.description
                == "common-formats 1.0.0 is published already; a published version never changes (raise the version)")
        #expect(snapshot(of: folder) == before)
    }

    @Test func publishingOnTopOfAnAlteredIndexIsRefused() throws {
        try publish("common-formats", "1.0.0")
        try alter("index.json")
        #expect(throws: RegistryError.badIndexSignature(folder.path)) { try publish("common-formats", "1.1.0") }
        #expect(!FileManager.default.fileExists(atPath: file("common-formats-1.1.0.zip").path))
    }

    @Test func publishingIntoAFileIsRefused() throws {
        try Data("not a folder".utf8).write(to: folder)
        #expect(throws: RegistryError.notADirectory(folder.path)) { try publish("common-formats", "1.0.0") }
    }

    @Test func anIndexAlteredByOneByteIsRefused() throws {
        try publish("common-formats", "1.0.0")
        try alter("index.json")
        let error = try #require(throws: RegistryError.self) {
            try registry.verifiedIndex(trust: try trusting(), allowUnsigned: true) { _ in }
        }
        #expect(error == .badIndexSignature("county"))
        #expect(error.description == "the index of county does not match its signature: it was altered after signing")
    }

    @Test func anIndexSignedByAnUntrustedKeyIsRefused() throws {
        try publish("common-formats", "1.0.0")
        let error = try #require(throws: RegistryError.self) {
            try registry.verifiedIndex(trust: try store([("anhua", SigningKey())]), allowUnsigned: false) { _ in }
        }
        #expect(error == .untrustedIndex("county", keyID: publisher.publicKey.id))
        #expect(error.description.contains("which this workspace does not trust (ducha trust add)"))
    }

    @Test func anIndexSignedByAnUntrustedKeyIsReadWithAWarningWhenUnsignedIsAllowed() throws {
        try publish("common-formats", "1.0.0")
        var warnings: [String] = []
        let verified = try registry.verifiedIndex(trust: try store([]), allowUnsigned: true) { warnings.append($0) }
        #expect(verified.signer == nil)
        #expect(verified.index.plugins.keys.sorted() == ["common-formats"])
        #expect(
            warnings == [
                "index.json is signed by an untrusted key (\(publisher.publicKey.id)); "
                    + "accepting it because of --allow-unsigned"
            ])
    }

    @Test func anUnsignedIndexIsRefused() throws {
        try publish("common-formats", "1.0.0")
        try FileManager.default.removeItem(at: file("index.json.sig"))
        let error = try #require(throws: RegistryError.self) {
            try registry.verifiedIndex(trust: try trusting(), allowUnsigned: false) { _ in }
        }
        #expect(error == .unsignedIndex("county"))
        #expect(error.description.contains("use --allow-unsigned only if you trust its source"))
    }

    @Test func anUnsignedIndexIsReadWithAWarningWhenUnsignedIsAllowed() throws {
        try publish("common-formats", "1.0.0")
        try FileManager.default.removeItem(at: file("index.json.sig"))
        var warnings: [String] = []
        let verified = try registry.verifiedIndex(trust: try trusting(), allowUnsigned: true) { warnings.append($0) }
        #expect(verified.signer == nil)
        #expect(verified.index.release("common-formats", SemanticVersion(1, 0, 0)) != nil)
        #expect(warnings == ["the index of county is not signed; trusting it because of --allow-unsigned"])
    }

    @Test func anIndexSignatureThatIsNotOneIsRefused() throws {
        try publish("common-formats", "1.0.0")
        try Data("signed, trust me\n".utf8).write(to: file("index.json.sig"))
        #expect(throws: RegistryError.badIndexSignature("county")) {
            try registry.verifiedIndex(trust: try trusting(), allowUnsigned: true) { _ in }
        }
    }

    @Test func aSignedFileThatIsNotAnIndexIsRefused() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let data = Data("{\"format\": 2, \"plugins\": {}}".utf8)
        try data.write(to: file("index.json"))
        try Data(try publisher.sign(data).fileText.utf8).write(to: file("index.json.sig"))
        #expect(throws: RegistryError.malformedIndex("county/index.json", "format 2 is not one this ducha reads (1)")) {
            try registry.verifiedIndex(trust: try trusting(), allowUnsigned: false) { _ in }
        }
    }

    @Test func aVerifiedArchiveIsTheSignedBytes() throws {
        let release = try publish("common-formats", "1.0.0")
        let archive = try registry.verifiedArchive(release, trust: try trusting(), allowUnsigned: false) { _ in }
        #expect(archive.data == (try Data(contentsOf: file("common-formats-1.0.0.zip"))))
        #expect(archive.signer?.name == "桃江县纪委监委")
        #expect(archive.release == release)
    }

    @Test func anArchiveAlteredByOneByteIsRefusedBeforeItsSignatureIsRead() throws {
        let release = try publish("common-formats", "1.0.0")
        try alter("common-formats-1.0.0.zip")
        let altered = try Data(contentsOf: file("common-formats-1.0.0.zip"))
        let error = try #require(throws: VerificationError.self) {
            try registry.verifiedArchive(release, trust: try trusting(), allowUnsigned: true) { _ in }
        }
        #expect(
            error
                == .digestMismatch(
                    release: "common-formats 1.0.0", expected: release.sha256, actual: sha256Hex(altered)))
        #expect(error.description.hasPrefix("the archive of common-formats 1.0.0 was altered: its sha256 is "))
    }

    @Test func anArchiveSignedByAnUntrustedKeyIsRefused() throws {
        let release = try publish("common-formats", "1.0.0")
        let stranger = SigningKey()
        let data = try Data(contentsOf: file("common-formats-1.0.0.zip"))
        try Data(try stranger.sign(data).fileText.utf8).write(to: file("common-formats-1.0.0.zip.sig"))
        #expect(throws: VerificationError.untrusted("common-formats 1.0.0", keyID: stranger.publicKey.id)) {
            try registry.verifiedArchive(release, trust: try trusting(), allowUnsigned: false) { _ in }
        }
    }

    @Test func anArchiveWithoutSignatureIsRefused() throws {
        let release = try publish("common-formats", "1.0.0")
        try FileManager.default.removeItem(at: file("common-formats-1.0.0.zip.sig"))
        let error = try #require(throws: VerificationError.self) {
            try registry.verifiedArchive(release, trust: try trusting(), allowUnsigned: false) { _ in }
        }
        #expect(error == .unsigned("common-formats 1.0.0"))
        #expect(
            error.description
                == "common-formats 1.0.0 is not signed (use --allow-unsigned only if you trust its source)")
    }

    @Test func anArchiveWithoutSignatureIsAcceptedWithAWarningWhenUnsignedIsAllowed() throws {
        let release = try publish("common-formats", "1.0.0")
        try FileManager.default.removeItem(at: file("common-formats-1.0.0.zip.sig"))
        var warnings: [String] = []
        let archive = try registry.verifiedArchive(release, trust: try trusting(), allowUnsigned: true) {
            warnings.append($0)
        }
        #expect(archive.signer == nil)
        #expect(warnings == ["common-formats 1.0.0 is not signed; installing it because of --allow-unsigned"])
    }

    @Test func anArchiveSignatureOfOtherBytesIsRefused() throws {
        let release = try publish("common-formats", "1.0.0")
        try Data(try publisher.sign(Data("other bytes".utf8)).fileText.utf8).write(
            to: file("common-formats-1.0.0.zip.sig"))
        #expect(throws: VerificationError.badSignature("common-formats 1.0.0")) {
            try registry.verifiedArchive(release, trust: try trusting(), allowUnsigned: true) { _ in }
        }
    }

    @Test func anArchiveSignedByAnotherTrustedKeyThanTheIndexSaysIsRefused() throws {
        let release = try publish("common-formats", "1.0.0")
        let colleague = SigningKey()
        let data = try Data(contentsOf: file("common-formats-1.0.0.zip"))
        try Data(try colleague.sign(data).fileText.utf8).write(to: file("common-formats-1.0.0.zip.sig"))
        let trust = try store([("桃江县纪委监委", publisher), ("anhua", colleague)])
        #expect(
            throws: VerificationError.signerMismatch(
                "common-formats 1.0.0", indexSays: publisher.publicKey.id, signedBy: colleague.publicKey.id)
        ) { try registry.verifiedArchive(release, trust: trust, allowUnsigned: false) { _ in } }
    }

    @Test func aRegistryFolderThatDoesNotExistIsUnreachable() throws {
        let error = try #require(throws: RegistryError.self) {
            try registry.verifiedIndex(trust: try trusting(), allowUnsigned: false) { _ in }
        }
        #expect(error == .unreachable(folder.path, "no such folder"))
        #expect(error.description == "cannot read the registry \(folder.path): no such folder")
    }

    @Test func anEmptyRegistryFolderHasNoIndex() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(throws: RegistryError.missing(folder.path, "index.json")) {
            try registry.verifiedIndex(trust: try trusting(), allowUnsigned: false) { _ in }
        }
    }

    @Test func aServerThatRefusesConnectionsIsUnreachable() throws {
        let remote = PluginRegistry(location: "http://127.0.0.1:9/registry")
        #expect(remote.name == "http://127.0.0.1:9/registry")
        let error = try #require(throws: RegistryError.self) { try remote.fetch("index.json") }
        guard case .unreachable(let location, _) = error else {
            Issue.record("expected the registry to be unreachable, not \(error)")
            return
        }
        #expect(location == "http://127.0.0.1:9/registry")
    }
}
