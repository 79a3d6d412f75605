/// One version of a package as a registry lists it: what it depends on and the ranges.
public struct PackageCandidate: Sendable, Equatable {
    /// The package's name, as requirements refer to it.
    public let name: String
    /// Which release of the package this candidate is; the resolver prefers higher ones.
    public let version: SemanticVersion
    /// The ranges this release needs of other packages, by name; choosing it adds them as requirements.
    public let dependencies: [String: VersionRange]

    /// Describes a release as a registry index lists it, before anything about it has been downloaded.
    public init(name: String, version: SemanticVersion, dependencies: [String: VersionRange]) {
        self.name = name
        self.version = version
        self.dependencies = dependencies
    }
}

/// Who asked for a package and in which range — "the workspace" for the user's own request.
public struct Requirement: Sendable, Equatable, CustomStringConvertible {
    /// The package asked for.
    public let name: String
    /// The versions the requirer accepts.
    public let range: VersionRange
    /// Who asked, so that a failure can point at the manifest to change, e.g. "taojiang-bulletin 1.2.0".
    public let requirer: String

    /// Records a request together with its origin, which error messages quote.
    public init(name: String, range: VersionRange, requirer: String) {
        self.name = name
        self.range = range
        self.requirer = requirer
    }

    /// The request as a sentence, e.g. "taojiang-bulletin 1.2.0 requires common-formats ^2.1".
    public var description: String { "\(requirer) requires \(name) \(range)" }
}

/// Why no set of versions satisfies the requirements, told in terms the user can act on.
public enum ResolutionError: Error, Equatable, CustomStringConvertible {
    /// No registry has a package by that name, so the requirer is probably misspelling it.
    case unknownPackage(name: String, requiredBy: Requirement)
    /// The registries have the package, but no version of it in the range.
    case noMatchingVersion(Requirement, available: [SemanticVersion])
    /// Two requirers ask for ranges that no single available version satisfies; the earlier requirer comes first.
    case conflict(name: String, Requirement, Requirement)
    /// The chosen versions depend on each other in a loop, so none can be installed first; the first name repeats
    /// at the end.
    case cycle([String])

    /// A sentence naming the packages, versions, ranges and requirers involved.
    public var description: String {
        switch self {
        case .unknownPackage(let name, let requirement):
            return "no package named \(name) is available (\(requirement))"
        case .noMatchingVersion(let requirement, let available):
            let versions = available.isEmpty ? "none" : available.map(\.description).joined(separator: ", ")
            return "no version of \(requirement.name) matches \(requirement.range) "
                + "(required by \(requirement.requirer); available: \(versions))"
        case .conflict(let name, let earlier, let later):
            return "version conflict for \(name): \(earlier.requirer) requires \(earlier.range) "
                + "but \(later.requirer) requires \(later.range)"
        case .cycle(let names):
            return "dependency cycle: " + names.joined(separator: " → ")
        }
    }
}

/// Picks one version of every package the requirements reach: the highest version that
/// satisfies every range on it, backtracking when a choice leads to a conflict.
public struct DependencyResolver: Sendable {
    /// Every candidate of every package, newest first, which is the order the search tries them in.
    private let available: [String: [PackageCandidate]]

    /// `available`: every candidate version of every package, by name.
    public init(available: [String: [PackageCandidate]]) {
        self.available = available.mapValues { candidates in candidates.sorted { $0.version > $1.version } }
    }

    /// `requirements`: the root requests. `locked`: versions to prefer when they still satisfy (used by update of one
    /// package: keep others as they are).
    ///
    /// Returns the chosen candidates so that every package comes after its dependencies, ties broken by name: the
    /// order to install them in.
    public func resolve(
        _ requirements: [Requirement], preferring locked: [String: SemanticVersion] = [:]
    ) throws(ResolutionError) -> [PackageCandidate] {
        do throws(Failure) {
            var selection = Selection()
            for requirement in requirements {
                try add(requirement, to: &selection)
            }
            return installOrder(of: try search(from: selection, preferring: locked).chosen)
        } catch {
            throw error.error
        }
    }

    /// Chooses a version for the first package that has none yet, trying its candidates in order and going on with
    /// the rest; depth-first, so abandoning a choice is returning from it.
    private func search(
        from selection: Selection, preferring locked: [String: SemanticVersion]
    ) throws(Failure) -> Selection {
        guard let name = selection.discovered.first(where: { selection.chosen[$0] == nil }) else { return selection }
        var failures: [Failure] = []
        for candidate in candidates(for: name, in: selection, preferring: locked) {
            do throws(Failure) {
                var next = selection
                try choose(candidate, as: name, in: &next)
                return try search(from: next, preferring: locked)
            } catch {
                failures.append(error)
            }
        }
        throw failures.first(where: \.isDefinitive) ?? failures.first ?? explanation(for: name, in: selection)
    }

    /// The candidates of `name` that every requirement on it accepts: the locked version first, then newest first.
    private func candidates(
        for name: String, in selection: Selection, preferring locked: [String: SemanticVersion]
    ) -> [PackageCandidate] {
        let ranges = selection.requirements[name, default: []].map(\.range)
        let matching = available[name, default: []].filter { candidate in
            ranges.allSatisfy { $0.contains(candidate.version) }
        }
        guard let preferred = locked[name], let kept = matching.first(where: { $0.version == preferred }) else {
            return matching
        }
        return [kept] + matching.filter { $0.version != preferred }
    }

    /// Records `candidate` as the version of `name` and adds what it depends on, failing if that closes a cycle or
    /// rules out a version chosen earlier.
    private func choose(_ candidate: PackageCandidate, as name: String, in selection: inout Selection) throws(Failure) {
        selection.chosen[name] = candidate
        let requirer = "\(name) \(candidate.version)"
        for (dependency, range) in candidate.dependencies.sorted(by: { $0.key < $1.key }) {
            if let path = path(from: dependency, to: name, in: selection.chosen) {
                throw Failure(error: .cycle(path + [dependency]), isDefinitive: true)
            }
            try add(Requirement(name: dependency, range: range, requirer: requirer), to: &selection)
        }
    }

    /// Adds a requirement, failing at once if it names no known package or rejects the version already chosen.
    private func add(_ requirement: Requirement, to selection: inout Selection) throws(Failure) {
        let name = requirement.name
        guard available[name] != nil else {
            throw Failure(error: .unknownPackage(name: name, requiredBy: requirement), isDefinitive: true)
        }
        if selection.requirements[name] == nil { selection.discovered.append(name) }
        selection.requirements[name, default: []].append(requirement)
        if let chosen = selection.chosen[name], !requirement.range.contains(chosen.version) {
            throw explanation(for: name, in: selection)
        }
    }

    /// Why no available version of `name` satisfies all its requirements: a requirement that matches nothing, or
    /// else the first two whose ranges share no version. Failing both, the failure is only that the versions chosen
    /// so far do not fit, which another branch of the search may yet avoid, so it is not definitive.
    private func explanation(for name: String, in selection: Selection) -> Failure {
        let requirements = selection.requirements[name, default: []]
        let versions = available[name, default: []].map(\.version)
        for requirement in requirements where !versions.contains(where: requirement.range.contains) {
            return Failure(error: .noMatchingVersion(requirement, available: versions.sorted()), isDefinitive: true)
        }
        for later in requirements.indices {
            for earlier in requirements.indices[..<later]
            where !versions.contains(where: {
                requirements[earlier].range.contains($0) && requirements[later].range.contains($0)
            }) {
                return Failure(
                    error: .conflict(name: name, requirements[earlier], requirements[later]), isDefinitive: true)
            }
        }
        return Failure(
            error: .conflict(name: name, requirements[0], requirements[requirements.count - 1]), isDefinitive: false)
    }

    /// The packages from `start` to `target` along dependencies of chosen versions, if `target` can be reached.
    private func path(from start: String, to target: String, in chosen: [String: PackageCandidate]) -> [String]? {
        var visited: Set<String> = []
        func walk(_ name: String) -> [String]? {
            if name == target { return [name] }
            guard visited.insert(name).inserted, let candidate = chosen[name] else { return nil }
            for dependency in candidate.dependencies.keys.sorted() {
                if let rest = walk(dependency) { return [name] + rest }
            }
            return nil
        }
        return walk(start)
    }

    /// The chosen candidates with each after its dependencies, repeatedly taking the first name whose dependencies
    /// are all placed so that the order does not depend on dictionary order.
    private func installOrder(of chosen: [String: PackageCandidate]) -> [PackageCandidate] {
        var placed: Set<String> = []
        var order: [PackageCandidate] = []
        while let next = chosen.filter({ name, candidate in
            !placed.contains(name) && candidate.dependencies.keys.allSatisfy(placed.contains)
        }).min(by: { $0.key < $1.key }) {
            placed.insert(next.key)
            order.append(next.value)
        }
        return order
    }
}

/// The search's partial answer; a value, so that backtracking simply drops the copy a failed choice changed.
private struct Selection {
    var chosen: [String: PackageCandidate] = [:]
    var requirements: [String: [Requirement]] = [:]
    /// Packages in the order requirements first reached them, which is the order the search decides them in.
    var discovered: [String] = []
}

/// A dead end of the search. A definitive failure names requirements or versions that cannot go together whatever
/// else is chosen, which is what the user needs to hear about; the others only say that the versions chosen so far
/// did not fit.
private struct Failure: Error {
    let error: ResolutionError
    let isDefinitive: Bool
}
