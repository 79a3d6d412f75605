/// Why an install, update or removal changed nothing.
public enum InstallError: Error, Equatable, CustomStringConvertible {
    case notInstalled(String)
    case malformedLockfile(String, String)
    case noRegistry
    case unknownRegistry(String, configured: [String])
    case incompatibleAPI(release: String, range: String, host: String)
    case resolution(ResolutionError)
    case declined
    case lockMismatch(String)
    case stillRequired(String, by: [String])
    case manifestMismatch(release: String, found: String)
    case notAPlugin(String)
    case unknownPlugin(String, requiredBy: String, registries: [String])
    case builtInName(release: String, kind: String, name: String)
    case replacesShippedReports(release: String, reports: [String])
    case noLockfile(String)

    public var description: String {
        switch self {
        case .notInstalled(let name): "no plugin named '\(name)' is installed (see `ducha plugin list`)"
        case .malformedLockfile(let path, let reason): "\(path): \(reason)"
        case .noRegistry:
            "no registry to install from: add one to ducha.toml ([[registries]] name and url) or pass --registry"
        case .unknownRegistry(let name, let configured):
            "no registry named '\(name)'"
                + (configured.isEmpty ? "" : " (configured: \(configured.joined(separator: ", ")))")
                + "; a folder path or an http(s) URL works too"
        case .incompatibleAPI(let release, let range, let host):
            "\(release) works with the ducha Lua API \(range), and this ducha provides \(host)"
        case .resolution(let error): error.description
        case .declined: "nothing was installed: the permissions were not confirmed"
        case .lockMismatch(let reason): "ducha.lock cannot be reproduced: \(reason); nothing was installed"
        case .stillRequired(let name, let dependents):
            "\(name) is required by \(dependents.joined(separator: ", ")); remove those first"
        case .manifestMismatch(let release, let found):
            "the archive of \(release) holds \(found): the registry's index does not describe it"
        case .notAPlugin(let path): "\(path) is neither a plugin folder nor a plugin archive (.zip)"
        case .unknownPlugin(let name, let requirer, let registries):
            "no registry has a plugin named '\(name)' (required by \(requirer); searched: "
                + (registries.isEmpty ? "none" : registries.joined(separator: ", ")) + ")"
        case .builtInName(let release, let kind, let name):
            "\(release) adds the \(kind) '\(name)', which is ducha's own: a plugin cannot replace a built-in "
                + "\(kind); nothing was installed"
        case .replacesShippedReports(let release, let reports):
            "\(release) replaces the shipped report\(reports.count == 1 ? "" : "s") "
                + reports.map { "'\($0)'" }.joined(separator: ", ")
                + ": with --yes that needs --allow-replace (without --yes, the prompt asks); nothing was installed"
        case .noLockfile(let workspace):
            "\(workspace) has no ducha.lock: --locked installs what a lock pins, so there is nothing to install; "
                + "nothing was changed"
        }
    }
}
