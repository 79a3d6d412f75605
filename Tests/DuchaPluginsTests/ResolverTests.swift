import DuchaPlugins
import Testing

@Suite struct ResolverTests {
    /// A resolver over releases written as (name, version, [dependency: range]).
    private func registry(_ releases: [(String, String, [String: String])]) -> DependencyResolver {
        var available: [String: [PackageCandidate]] = [:]
        for (name, version, dependencies) in releases {
            available[name, default: []].append(
                PackageCandidate(
                    name: name, version: SemanticVersion(version)!,
                    dependencies: dependencies.mapValues { VersionRange($0)! }))
        }
        return DependencyResolver(available: available)
    }

    private func workspace(_ name: String, _ range: String) -> Requirement {
        Requirement(name: name, range: VersionRange(range)!, requirer: "the workspace")
    }

    /// The resolution as "name version" strings in install order.
    private func chosen(_ candidates: [PackageCandidate]) -> [String] {
        candidates.map { "\($0.name) \($0.version)" }
    }

    @Test func picksTheHighestVersionInRange() throws {
        let resolver = registry([
            ("common-formats", "1.0.0", [:]), ("common-formats", "1.4.2", [:]), ("common-formats", "1.10.0", [:]),
            ("common-formats", "2.0.0", [:]), ("common-formats", "1.11.0-beta.1", [:]),
        ])
        #expect(chosen(try resolver.resolve([workspace("common-formats", "^1.0")])) == ["common-formats 1.10.0"])
        #expect(chosen(try resolver.resolve([workspace("common-formats", "*")])) == ["common-formats 2.0.0"])
        #expect(chosen(try resolver.resolve([workspace("common-formats", "<1.5")])) == ["common-formats 1.4.2"])
    }

    @Test func followsDependenciesTransitively() throws {
        let resolver = registry([
            ("taojiang-bulletin", "1.2.0", ["common-formats": "^2.1"]),
            ("common-formats", "2.1.0", ["text-utils": "~1.1"]), ("common-formats", "2.3.0", ["text-utils": "~1.1"]),
            ("text-utils", "1.1.4", [:]), ("text-utils", "1.2.0", [:]), ("unused", "1.0.0", [:]),
        ])
        let resolution = try resolver.resolve([workspace("taojiang-bulletin", "^1.0")])
        #expect(chosen(resolution) == ["text-utils 1.1.4", "common-formats 2.3.0", "taojiang-bulletin 1.2.0"])
        #expect(resolution[1].dependencies == ["text-utils": VersionRange("~1.1")!])
    }

    @Test func aDiamondSettlesOnAVersionBothSidesAccept() throws {
        let resolver = registry([
            ("left", "1.0.0", ["base": "^1.2"]), ("right", "1.0.0", ["base": ">=1.1, <1.5"]),
            ("base", "1.1.0", [:]), ("base", "1.3.0", [:]), ("base", "1.4.0", [:]), ("base", "1.6.0", [:]),
        ])
        let resolution = try resolver.resolve([workspace("left", "^1"), workspace("right", "^1")])
        #expect(chosen(resolution) == ["base 1.4.0", "left 1.0.0", "right 1.0.0"])
    }

    @Test func aConflictNamesBothRequirersAndRanges() {
        let resolver = registry([
            ("taojiang-bulletin", "1.2.0", ["common-formats": "^2.1"]),
            ("overdue-watch", "1.0.0", ["common-formats": "^1.0"]),
            ("common-formats", "1.0.0", [:]), ("common-formats", "2.1.0", [:]),
        ])
        let error = #expect(throws: ResolutionError.self) {
            try resolver.resolve([workspace("taojiang-bulletin", "^1.2"), workspace("overdue-watch", "^1.0")])
        }
        let taojiang = Requirement(
            name: "common-formats", range: VersionRange("^2.1")!, requirer: "taojiang-bulletin 1.2.0")
        let overdue = Requirement(name: "common-formats", range: VersionRange("^1.0")!, requirer: "overdue-watch 1.0.0")
        #expect(error == .conflict(name: "common-formats", taojiang, overdue))
        #expect(
            error?.description
                == "version conflict for common-formats: taojiang-bulletin 1.2.0 requires ^2.1 "
                + "but overdue-watch 1.0.0 requires ^1.0")
    }

    @Test func aConflictWithTheWorkspaceNamesTheWorkspace() {
        let resolver = registry([("a", "1.0.0", ["c": "^2"]), ("c", "1.0.0", [:]), ("c", "2.0.0", [:])])
        let error = #expect(throws: ResolutionError.self) {
            try resolver.resolve([workspace("c", "^1"), workspace("a", "*")])
        }
        #expect(error?.description == "version conflict for c: the workspace requires ^1 but a 1.0.0 requires ^2")
    }

    @Test func aRangeNothingMatches() {
        let resolver = registry([
            ("taojiang-bulletin", "1.2.0", ["common-formats": "^3.0"]),
            ("common-formats", "2.1.0", [:]), ("common-formats", "1.0.0", [:]),
        ])
        let error = #expect(throws: ResolutionError.self) {
            try resolver.resolve([workspace("taojiang-bulletin", "*")])
        }
        let requirement = Requirement(
            name: "common-formats", range: VersionRange("^3.0")!, requirer: "taojiang-bulletin 1.2.0")
        #expect(
            error == .noMatchingVersion(requirement, available: [SemanticVersion(1, 0, 0), SemanticVersion(2, 1, 0)]))
        #expect(
            error?.description
                == "no version of common-formats matches ^3.0 (required by taojiang-bulletin 1.2.0; "
                + "available: 1.0.0, 2.1.0)")
    }

    @Test func anUnknownPackage() {
        let resolver = registry([("a", "1.0.0", ["missing-lib": "^1"])])
        #expect(throws: ResolutionError.unknownPackage(name: "nope", requiredBy: workspace("nope", "^1.0"))) {
            try resolver.resolve([workspace("nope", "^1.0")])
        }
        let error = #expect(throws: ResolutionError.self) { try resolver.resolve([workspace("a", "^1")]) }
        #expect(error?.description == "no package named missing-lib is available (a 1.0.0 requires missing-lib ^1)")
    }

    @Test func cyclesAreReported() {
        let resolver = registry([
            ("a", "1.0.0", ["b": "^1"]), ("b", "1.0.0", ["c": "^1"]), ("c", "1.0.0", ["a": "^1"]),
            ("self-ish", "1.0.0", ["self-ish": "^1"]),
        ])
        let error = #expect(throws: ResolutionError.self) { try resolver.resolve([workspace("a", "^1")]) }
        #expect(error == .cycle(["a", "b", "c", "a"]))
        #expect(error?.description == "dependency cycle: a → b → c → a")
        #expect(throws: ResolutionError.cycle(["self-ish", "self-ish"])) {
            try resolver.resolve([workspace("self-ish", "*")])
        }
    }

    @Test func anOlderVersionWithoutTheCycleIsChosen() throws {
        let resolver = registry([
            ("a", "1.0.0", ["b": "^1"]), ("b", "1.1.0", ["a": "^1"]), ("b", "1.0.0", [:]),
        ])
        #expect(chosen(try resolver.resolve([workspace("a", "^1")])) == ["b 1.0.0", "a 1.0.0"])
    }

    @Test func backtracksToAnOlderVersionWhoseDependenciesFit() throws {
        let resolver = registry([
            ("a", "2.0.0", ["c": "^2"]), ("a", "1.0.0", ["c": "^1"]),
            ("c", "1.0.0", [:]), ("c", "1.3.0", [:]), ("c", "2.0.0", [:]),
        ])
        #expect(
            chosen(try resolver.resolve([workspace("a", "*"), workspace("c", "^1")])) == ["c 1.3.0", "a 1.0.0"])
        #expect(
            chosen(try resolver.resolve([workspace("c", "^1"), workspace("a", "*")])) == ["c 1.3.0", "a 1.0.0"])
    }

    @Test func backtracksPastAnEarlierChoiceThatALaterRequirementRejects() throws {
        let resolver = registry([
            ("c", "1.4.0", [:]), ("c", "1.2.0", [:]), ("b", "1.0.0", ["c": ">=1.0, <1.3"]),
        ])
        let resolution = try resolver.resolve([workspace("c", "^1"), workspace("b", "^1")])
        #expect(chosen(resolution) == ["c 1.2.0", "b 1.0.0"])
    }

    @Test func lockedVersionsArePreferredWhileTheyStillSatisfy() throws {
        let resolver = registry([
            ("a", "1.0.0", ["b": "^1"]), ("a", "1.1.0", ["b": "^1"]),
            ("b", "1.0.0", [:]), ("b", "1.1.0", [:]), ("b", "2.0.0", [:]),
        ])
        let root = [workspace("a", "^1")]
        let locked = ["a": SemanticVersion(1, 0, 0), "b": SemanticVersion(1, 0, 0)]
        #expect(chosen(try resolver.resolve(root, preferring: locked)) == ["b 1.0.0", "a 1.0.0"])
        #expect(
            chosen(try resolver.resolve(root, preferring: locked.filter { $0.key != "b" })) == ["b 1.1.0", "a 1.0.0"])
        #expect(
            chosen(
                try resolver.resolve(root, preferring: ["a": SemanticVersion(0, 9, 0), "b": SemanticVersion(2, 0, 0)]))
                == ["b 1.1.0", "a 1.1.0"])
    }

    @Test func installOrderPutsDependenciesFirstAndTiesByName() throws {
        let resolver = registry([
            ("app", "1.0.0", ["zeta": "*", "alpha": "*", "mid": "*"]), ("zeta", "1.0.0", [:]),
            ("alpha", "1.0.0", ["mid": "*"]), ("mid", "1.0.0", ["base": "*"]), ("base", "1.0.0", [:]),
        ])
        let resolution = try resolver.resolve([workspace("app", "*")])
        #expect(chosen(resolution) == ["base 1.0.0", "mid 1.0.0", "alpha 1.0.0", "zeta 1.0.0", "app 1.0.0"])
    }

    @Test func theResultDoesNotDependOnTheOrderOfRequests() throws {
        let resolver = registry([
            ("x", "1.0.0", ["shared": "^1"]), ("y", "1.0.0", ["shared": "^1.1"]),
            ("shared", "1.0.0", [:]), ("shared", "1.1.0", [:]), ("shared", "1.2.0", [:]),
        ])
        let forward = try resolver.resolve([workspace("x", "*"), workspace("y", "*")])
        let backward = try resolver.resolve([workspace("y", "*"), workspace("x", "*")])
        #expect(forward == backward)
        #expect(chosen(forward) == ["shared 1.2.0", "x 1.0.0", "y 1.0.0"])
    }

    @Test func requirementsReadAsSentences() {
        #expect(
            Requirement(name: "common-formats", range: VersionRange("^2.1")!, requirer: "taojiang-bulletin 1.2.0")
                .description == "taojiang-bulletin 1.2.0 requires common-formats ^2.1")
    }
}
