import DuchaPlugins
import Foundation
import Testing

@Suite struct TrustTests {
    private let scratch: TemporaryFolder

    init() throws { scratch = try TemporaryFolder() }

    @Test func aKeyPairIsWrittenToTwoFilesAndReadBack() throws {
        let key = SigningKey()
        let prefix = scratch.path("taojiang").path
        try key.write(prefix: prefix)
        #expect(try SigningKey(contentsOf: prefix).publicKey == key.publicKey)
        #expect(try PublicKey(contentsOf: prefix + ".pub").id == key.publicKey.id)
        #expect(text(of: URL(fileURLWithPath: prefix + ".pub")) == "ducha-ed25519 \(key.publicKey.base64)\n")
        #expect(key.publicKey.id.count == 16)
        #expect(key.publicKey.id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func theSecretKeyFileIsReadableByItsOwnerOnly() throws {
        let prefix = scratch.path("taojiang").path
        try SigningKey().write(prefix: prefix)
        let attributes = try FileManager.default.attributesOfItem(atPath: prefix)
        let mode = try #require(attributes[.posixPermissions] as? NSNumber).intValue
        #expect(mode & 0o777 == 0o600)
    }

    @Test func keyFilesAreNeverOverwritten() throws {
        let key = SigningKey()
        let prefix = scratch.path("taojiang").path
        try key.write(prefix: prefix)
        #expect(throws: TrustError.keyFileExists(path: prefix)) { try SigningKey().write(prefix: prefix) }
        #expect(try SigningKey(contentsOf: prefix).publicKey == key.publicKey)
    }

    @Test func anExistingPublicKeyFileAloneStopsTheWrite() throws {
        let prefix = scratch.path("taojiang").path
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: prefix + ".pub"))
        let error = try #require(throws: TrustError.self) { try SigningKey().write(prefix: prefix) }
        #expect(error == .keyFileExists(path: prefix + ".pub"))
        #expect(error.description.hasSuffix("exists already; keys are never overwritten (choose another --out)"))
        #expect(!FileManager.default.fileExists(atPath: prefix))
    }

    @Test func aPublicKeyFileIsNotASecretKey() throws {
        let prefix = scratch.path("taojiang").path
        try SigningKey().write(prefix: prefix)
        #expect(
            throws: TrustError.malformedKey(path: prefix + ".pub", expected: "a secret key written by `ducha keygen`")
        ) {
            try SigningKey(contentsOf: prefix + ".pub")
        }
        #expect(throws: TrustError.self) { try PublicKey(contentsOf: prefix) }
    }

    @Test func aMissingKeyFileIsUnreadable() {
        let path = scratch.path("nobody.pub").path
        #expect(throws: TrustError.unreadable(path: path, what: "public key")) { try PublicKey(contentsOf: path) }
    }

    @Test func aSignatureVerifiesOnlyTheSignedDataWithTheSigningKey() throws {
        let key = SigningKey()
        let data = Data("the plugin archive".utf8)
        let signature = try key.sign(data)
        #expect(signature.keyID == key.publicKey.id)
        #expect(key.publicKey.verifies(signature, of: data))
        #expect(!key.publicKey.verifies(signature, of: Data("the plugin archivE".utf8)))
        #expect(!SigningKey().publicKey.verifies(signature, of: data))
    }

    @Test func aSignatureByAnotherKeyDoesNotVerifyEvenUnderThisKeysID() throws {
        let key = SigningKey()
        let data = Data("index".utf8)
        let signature = try SigningKey().sign(data)
        let forged = try #require(
            Signature(fileText: signature.fileText.replacingOccurrences(of: signature.keyID, with: key.publicKey.id)))
        #expect(forged.keyID == key.publicKey.id)
        #expect(!key.publicKey.verifies(forged, of: data))
    }

    @Test func aSignatureFileRoundTrips() throws {
        let signature = try SigningKey().sign(Data("x".utf8))
        #expect(signature.fileText.hasPrefix("ducha-ed25519-signature \(signature.keyID) "))
        #expect(signature.fileText.hasSuffix("\n"))
        #expect(Signature(fileText: signature.fileText) == signature)
    }

    @Test(arguments: [
        "", "garbage", "ducha-ed25519-signature abc", "ducha-ed25519-signature abc bm90IGJhc2U2NA==",
        "ducha-ed25519 abc " + Data(count: 64).base64EncodedString(),
        "ducha-ed25519-signature abc " + Data(count: 64).base64EncodedString() + " extra",
    ])
    func textThatIsNotASignatureIsNone(text: String) {
        #expect(Signature(fileText: text) == nil)
    }

    @Test func aPublicKeyReadsBackFromItsBase64() throws {
        let key = SigningKey().publicKey
        #expect(PublicKey(base64: key.base64) == key)
        #expect(PublicKey(base64: "not base64!") == nil)
        #expect(PublicKey(base64: Data(count: 16).base64EncodedString()) == nil)
    }

    @Test func sha256IsLowerCaseHex() {
        #expect(sha256Hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func trustedKeysPersistAcrossStores() throws {
        let workspace = try scratch.folder("workspace")
        let (taojiang, anhua) = (SigningKey(), SigningKey())
        try trust([("桃江县纪委监委", taojiang), ("anhua", anhua)], in: workspace)
        let reopened = try TrustStore(workspace: workspace)
        #expect(reopened.entries.map(\.name) == ["桃江县纪委监委", "anhua"])
        #expect(reopened.entries.map(\.id) == [taojiang.publicKey.id, anhua.publicKey.id])
        #expect(reopened.entries.map(\.key) == [taojiang.publicKey, anhua.publicKey])
        #expect(text(of: workspace.appendingPathComponent("trusted-keys.toml"))?.contains("桃江县纪委监委") == true)
    }

    @Test func aWorkspaceWithoutAStoreTrustsNoOne() throws {
        #expect(try TrustStore(workspace: try scratch.folder("workspace")).entries.isEmpty)
    }

    @Test func aNameIsTrustedOnlyOnce() throws {
        let workspace = try scratch.folder("workspace")
        var store = try trust([("anhua", SigningKey())], in: workspace)
        let error = try #require(throws: TrustError.self) { try store.add(SigningKey().publicKey, name: "anhua") }
        #expect(error == .nameTaken("anhua"))
        #expect(try TrustStore(workspace: workspace).entries.count == 1)
    }

    @Test func aKeyIsTrustedOnlyOnceWhateverItsName() throws {
        let workspace = try scratch.folder("workspace")
        let key = SigningKey()
        var store = try trust([("anhua", key)], in: workspace)
        let error = try #require(throws: TrustError.self) { try store.add(key.publicKey, name: "安化") }
        #expect(error == .keyAlreadyTrusted(id: key.publicKey.id, name: "anhua"))
        #expect(error.description == "the key \(key.publicKey.id) is trusted already, as 'anhua'")
    }

    @Test func aKeyIsRemovedByNameOrByID() throws {
        let workspace = try scratch.folder("workspace")
        let (taojiang, anhua, yuanjiang) = (SigningKey(), SigningKey(), SigningKey())
        var store = try trust([("taojiang", taojiang), ("anhua", anhua), ("yuanjiang", yuanjiang)], in: workspace)
        #expect(try store.remove("anhua").id == anhua.publicKey.id)
        #expect(try store.remove(yuanjiang.publicKey.id).name == "yuanjiang")
        #expect(try TrustStore(workspace: workspace).entries.map(\.name) == ["taojiang"])
    }

    @Test func removingAnUnknownKeySaysSo() throws {
        var store = try trust([("anhua", SigningKey())], in: try scratch.folder("workspace"))
        let error = try #require(throws: TrustError.self) { try store.remove("nobody") }
        #expect(error == .notTrusted("nobody"))
        #expect(error.description == "no trusted key is named 'nobody' or has that id (see `ducha trust list`)")
        #expect(store.entries.count == 1)
    }

    @Test func theStoreVerifiesSignaturesOfTrustedKeysOnly() throws {
        let (trusted, stranger) = (SigningKey(), SigningKey())
        let store = try trust([("anhua", trusted)], in: try scratch.folder("workspace"))
        let data = Data("archive".utf8)
        #expect(store.verify(try trusted.sign(data), of: data)?.name == "anhua")
        #expect(store.verify(try trusted.sign(data), of: Data("other".utf8)) == nil)
        #expect(store.verify(try stranger.sign(data), of: data) == nil)
        #expect(store.signer(of: try stranger.sign(data)) == nil)
    }

    @Test func aHandEditedStoreWhoseIDDoesNotMatchItsKeyIsRefused() throws {
        let workspace = try scratch.folder("workspace")
        let file = workspace.appendingPathComponent("trusted-keys.toml")
        try Data(
            """
            [[key]]
            name = "anhua"
            id = "0123456789abcdef"
            public_key = "\(SigningKey().publicKey.base64)"

            """.utf8
        ).write(to: file)
        let error = try #require(throws: TrustError.self) { try TrustStore(workspace: workspace) }
        #expect(
            error
                == .malformedTrustStore(
                    path: file.path, reason: "the key named 'anhua' does not match its id 0123456789abcdef"))
    }

    @Test func aStoreThatIsNotAListOfKeysIsRefused() throws {
        let workspace = try scratch.folder("workspace")
        let file = workspace.appendingPathComponent("trusted-keys.toml")
        try Data("key = \"anhua\"\n".utf8).write(to: file)
        #expect(
            throws: TrustError.malformedTrustStore(
                path: file.path, reason: "not a list of [[key]] tables with name, id and public_key")
        ) { try TrustStore(workspace: workspace) }
    }
}
