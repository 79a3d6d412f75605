import DuchaPlugins
import Foundation
import Testing

@Suite struct SemanticVersionTests {
    @Test(arguments: [
        ("1.2.3", 1, 2, 3, [String](), [String]()),
        ("0.0.0", 0, 0, 0, [], []),
        ("10.20.30", 10, 20, 30, [], []),
        ("1.0.0-rc.1", 1, 0, 0, ["rc", "1"], []),
        ("1.0.0+build.5", 1, 0, 0, [], ["build", "5"]),
        ("1.0.0-alpha-beta.0+exp.sha.5114f85", 1, 0, 0, ["alpha-beta", "0"], ["exp", "sha", "5114f85"]),
        ("1.0.0+001", 1, 0, 0, [], ["001"]),
    ])
    func validVersions(text: String, major: Int, minor: Int, patch: Int, prerelease: [String], build: [String]) throws {
        let version = try #require(SemanticVersion(text))
        #expect(version.major == major && version.minor == minor && version.patch == patch)
        #expect(version.prerelease == prerelease)
        #expect(version.build == build)
        #expect(version.description == text)
    }

    @Test(arguments: [
        "", "1", "1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3+", "1.2.3-01",
        "1.2.3-rc..1", "1.2.3-rc.", "1.2.3-rc_1", " 1.2.3", "1.2.3 ", "-1.2.3", "1.-2.3", "1.2.3-beta+",
        "99999999999999999999.0.0", "1.2.x", "１.2.3",
    ])
    func invalidVersions(text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    @Test func precedenceFollowsTheSemverExample() throws {
        let chain = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0",
        ].map { SemanticVersion($0)! }
        for (lower, higher) in zip(chain, chain.dropFirst()) {
            #expect(lower < higher, "\(lower) < \(higher)")
            #expect(!(higher < lower), "not \(higher) < \(lower)")
        }
        #expect(chain.reversed().sorted() == chain)
    }

    @Test func numbersCompareNumerically() {
        let versions = ["2.0.0", "1.10.0", "1.9.0", "1.9.10", "1.9.2", "0.9.9"].map { SemanticVersion($0)! }
        #expect(versions.sorted().map(\.description) == ["0.9.9", "1.9.0", "1.9.2", "1.9.10", "1.10.0", "2.0.0"])
        #expect(SemanticVersion("1.0.0-2")! < SemanticVersion("1.0.0-10")!)
        #expect(SemanticVersion("1.0.0-99999999999999999999")! < SemanticVersion("1.0.0-100000000000000000000")!)
        #expect(SemanticVersion("1.0.0-99999")! < SemanticVersion("1.0.0-a")!)
    }

    @Test func buildMetadataIsIgnoredByEqualityHashingAndOrder() {
        let plain = SemanticVersion("1.2.3")!
        let built = SemanticVersion("1.2.3+linux.7")!
        #expect(plain == built)
        #expect(!(plain < built) && !(built < plain))
        #expect(Set([plain, built]).count == 1)
        #expect(SemanticVersion("1.2.3-rc.1")! != plain)
        #expect(SemanticVersion(1, 2, 3, prerelease: ["rc", "1"], build: ["b"]).description == "1.2.3-rc.1+b")
    }

    @Test func codableAsASingleString() throws {
        let versions = [SemanticVersion("1.0.0-rc.1+build.5")!, SemanticVersion(2, 0, 1)]
        let data = try JSONEncoder().encode(versions)
        #expect(String(decoding: data, as: UTF8.self) == #"["1.0.0-rc.1+build.5","2.0.1"]"#)
        let decoded = try JSONDecoder().decode([SemanticVersion].self, from: data)
        #expect(decoded == versions)
        #expect(decoded[0].build == ["build", "5"])
    }

    @Test func decodingAnInvalidVersionNamesTheText() {
        #expect {
            try JSONDecoder().decode([SemanticVersion].self, from: Data(#"["v1.2"]"#.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.debugDescription.contains("'v1.2'")
        }
    }
}

@Suite struct VersionRangeTests {
    private func check(_ range: String, accepts: [String], rejects: [String]) throws {
        let parsed = try #require(VersionRange(range), "\(range) parses")
        for version in accepts {
            #expect(parsed.contains(SemanticVersion(version)!), "\(range) contains \(version)")
        }
        for version in rejects {
            #expect(!parsed.contains(SemanticVersion(version)!), "\(range) does not contain \(version)")
        }
    }

    @Test func anyAcceptsEveryRelease() throws {
        try check("*", accepts: ["0.0.0", "1.2.3", "999.0.0", "1.2.3+b"], rejects: ["1.0.0-rc.1"])
        try check("", accepts: ["0.0.1", "5.0.0"], rejects: ["2.0.0-alpha"])
        #expect(VersionRange("*") == .any)
        #expect(VersionRange("  ") == .any)
        #expect(VersionRange.any.description == "*")
    }

    @Test func exact() throws {
        try check("1.2.3", accepts: ["1.2.3", "1.2.3+build.1"], rejects: ["1.2.2", "1.2.4", "1.2.3-rc.1"])
        try check("=1.2.3", accepts: ["1.2.3"], rejects: ["1.2.2", "1.2.4", "1.3.0"])
        try check("=1.2", accepts: ["1.2.0", "1.2.9"], rejects: ["1.1.9", "1.3.0"])
        try check("1", accepts: ["1.0.0", "1.9.9"], rejects: ["0.9.9", "2.0.0"])
    }

    @Test(arguments: [
        ("^1.2.3", ["1.2.3", "1.2.9", "1.9.0", "1.99.99"], ["1.2.2", "2.0.0", "0.2.3"]),
        ("^0.2.3", ["0.2.3", "0.2.99"], ["0.2.2", "0.3.0", "1.0.0"]),
        ("^0.0.3", ["0.0.3"], ["0.0.2", "0.0.4", "0.1.0"]),
        ("^1.2", ["1.2.0", "1.9.9"], ["1.1.9", "2.0.0"]),
        ("^1", ["1.0.0", "1.99.0"], ["0.9.9", "2.0.0"]),
        ("^0.0", ["0.0.0", "0.0.9"], ["0.1.0"]),
        ("^0", ["0.0.0", "0.9.9"], ["1.0.0"]),
        ("^0.2", ["0.2.0", "0.2.9"], ["0.1.9", "0.3.0"]),
    ])
    func caret(range: String, accepts: [String], rejects: [String]) throws {
        try check(range, accepts: accepts, rejects: rejects)
    }

    @Test(arguments: [
        ("~1.2.3", ["1.2.3", "1.2.99"], ["1.2.2", "1.3.0"]),
        ("~1.2", ["1.2.0", "1.2.99"], ["1.1.99", "1.3.0"]),
        ("~1", ["1.0.0", "1.99.0"], ["0.99.0", "2.0.0"]),
        ("~0.2.3", ["0.2.3", "0.2.4"], ["0.2.2", "0.3.0"]),
    ])
    func tilde(range: String, accepts: [String], rejects: [String]) throws {
        try check(range, accepts: accepts, rejects: rejects)
    }

    @Test(arguments: [
        (">=1.2", ["1.2.0", "1.2.1", "9.0.0"], ["1.1.99"]),
        (">1.2.3", ["1.2.4", "2.0.0"], ["1.2.3", "1.0.0"]),
        ("<2.0.0", ["1.99.99", "0.0.0"], ["2.0.0", "2.0.1"]),
        ("<=1.4", ["1.4.0", "1.3.9"], ["1.4.1", "1.5.0"]),
        ("<2", ["1.9.9"], ["2.0.0"]),
        (">0", ["0.0.1"], ["0.0.0"]),
    ])
    func comparisons(range: String, accepts: [String], rejects: [String]) throws {
        try check(range, accepts: accepts, rejects: rejects)
    }

    @Test(arguments: [">=1.2, <2.0", ">=1.2 <2", ">=1.2,<2.0.0", "  >=1.2 ,  <2  "])
    func conjunctions(range: String) throws {
        try check(range, accepts: ["1.2.0", "1.5.0", "1.99.99"], rejects: ["1.1.9", "2.0.0", "2.1.0"])
    }

    @Test func prereleasesOnlyWhenARangeNamesOneOfTheSameRelease() throws {
        try check(
            "^1.2.3-beta.2", accepts: ["1.2.3-beta.2", "1.2.3-beta.10", "1.2.3-rc.1", "1.2.3", "1.5.0"],
            rejects: ["1.2.3-beta.1", "1.2.3-alpha", "1.2.4-beta", "1.3.0-rc.1", "2.0.0-alpha"])
        try check(">=1.0.0-rc.1, <2", accepts: ["1.0.0-rc.2", "1.0.0"], rejects: ["1.0.1-rc.1", "2.0.0-rc.1"])
        try check("=1.0.0-rc.1", accepts: ["1.0.0-rc.1"], rejects: ["1.0.0-rc.2", "1.0.0"])
        try check("^1.2", accepts: ["1.3.0"], rejects: ["1.3.0-beta", "1.2.0-rc.1"])
        try check("<2.0.0", accepts: ["1.0.0"], rejects: ["2.0.0-alpha", "1.5.0-beta"])
    }

    @Test(arguments: [
        "^x", ">=", "1.2.3.4", "~>1", "^1.2.3.", "^", "~", "x", "1.x", "^01.2", ">=1.2,", ",", ">=1 ,, <2", "=>1",
        ">= 1.2", "1.2-beta", "^1.2.3-", "latest", "^-1",
    ])
    func invalidRanges(text: String) {
        #expect(VersionRange(text) == nil)
    }

    @Test func describedAsWrittenButTrimmed() {
        #expect(VersionRange("  ^2.1 ")?.description == "^2.1")
        #expect(VersionRange(">=1.2, <2.0")?.description == ">=1.2, <2.0")
        #expect(VersionRange("^1.0") == VersionRange(" ^1.0"))
        #expect(VersionRange("^1.0") != VersionRange("^1.1"))
    }

    @Test func codableAsASingleString() throws {
        let ranges = [VersionRange("^2.1")!, VersionRange(">=1.2 <2")!]
        let data = try JSONEncoder().encode(ranges)
        #expect(String(decoding: data, as: UTF8.self) == #"["^2.1",">=1.2 <2"]"#)
        #expect(try JSONDecoder().decode([VersionRange].self, from: data) == ranges)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([VersionRange].self, from: Data(#"["~>1"]"#.utf8))
        }
    }
}
