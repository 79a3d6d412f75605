import DuchaModel
import Foundation

/// A workspace: a folder with `ducha.toml` and the database it names.
public struct Workspace: Sendable {
    public static let configurationFileName = "ducha.toml"

    /// The folder holding `ducha.toml`.
    public let directory: URL
    public let configuration: WorkspaceConfiguration

    /// The database file.
    public var databaseURL: URL {
        let database = configuration.database
        return database.hasPrefix("/")
            ? URL(fileURLWithPath: database) : directory.appendingPathComponent(database).standardizedFileURL
    }

    /// Opens the workspace in `directory`.
    public init(directory: URL) throws {
        let file = directory.appendingPathComponent(Self.configurationFileName)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw WorkspaceError.notFound(start: directory.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw WorkspaceError.invalidConfiguration(file: file.path, problem: "not UTF-8 text")
        }
        self.directory = URL(fileURLWithPath: directory.standardizedFileURL.path)
        configuration = try WorkspaceConfiguration.parse(text, file: file.path)
    }

    /// Finds the workspace as git finds a repository: `explicit` (from `--workspace`) or
    /// `DUCHA_WORKSPACE` if given, else the nearest folder from `start` upwards that
    /// holds `ducha.toml`.
    public static func discover(
        from start: URL, explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Workspace {
        if let named = explicit ?? environment["DUCHA_WORKSPACE"], !named.isEmpty {
            let directory = named.hasPrefix("/") ? URL(fileURLWithPath: named) : start.appendingPathComponent(named)
            return try Workspace(directory: directory.standardizedFileURL)
        }
        var directory = start.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent(configurationFileName).path) {
                return try Workspace(directory: directory)
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { throw WorkspaceError.notFound(start: start.path) }
            directory = parent
        }
    }

    /// Creates a workspace in `directory` (made if missing): creates the database, lets
    /// `fill` load it, then writes `ducha.toml`. Refuses a folder that already holds a
    /// workspace or the database file. The database is built under a temporary name and
    /// moved into place at the end, so a failed or interrupted creation leaves no
    /// workspace, and trying again works.
    @discardableResult
    public static func create(
        at directory: URL, configuration: WorkspaceConfiguration, filling fill: (Store) throws -> Void = { _ in }
    ) throws -> Workspace {
        let file = directory.appendingPathComponent(configurationFileName)
        if FileManager.default.fileExists(atPath: file.path) {
            throw WorkspaceError.alreadyExists(directory: directory.path)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Standardised once the folder exists, as opening it later would.
        let workspace = Workspace(directory: directory, configuration: configuration)
        let database = workspace.databaseURL
        if FileManager.default.fileExists(atPath: database.path) {
            throw WorkspaceError.databaseExists(path: database.path)
        }
        let building = database.path + ".creating"
        func removeBuilding() {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: building + suffix) }
        }
        removeBuilding()  // left by a creation that was interrupted
        var moved = false
        do {
            try Self.build(at: building, taxonomy: configuration.taxonomyAdditions, filling: fill)
            try FileManager.default.moveItem(atPath: building, toPath: database.path)
            moved = true
            removeBuilding()  // the build's log, emptied into the file, and the log's index
            try Data(configuration.tomlText().utf8).write(to: file, options: .atomic)
        } catch {
            removeBuilding()
            if moved { try? FileManager.default.removeItem(at: database) }
            throw error
        }
        return workspace
    }

    /// Creates and fills the database at `path`, then closes it with its write-ahead log
    /// folded into the file, so the file alone is the whole database.
    private static func build(
        at path: String, taxonomy: [String: [EnumerationValue]], filling fill: (Store) throws -> Void
    ) throws {
        let store = try Store(path: path, create: true)
        try store.setTaxonomyAdditions(taxonomy)
        try fill(store)
        try store.database.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try store.database.close()
    }

    private init(directory: URL, configuration: WorkspaceConfiguration) {
        self.directory = URL(fileURLWithPath: directory.standardizedFileURL.path)
        self.configuration = configuration
    }

    /// Opens the workspace's database, with the taxonomy `ducha.toml` declares.
    public func openStore() throws -> Store {
        let store = try Store(path: databaseURL.path)
        try store.setTaxonomyAdditions(configuration.taxonomyAdditions)
        return store
    }
}

/// A workspace that cannot be found or read.
public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
    case notFound(start: String)
    case alreadyExists(directory: String)
    case databaseExists(path: String)
    case invalidConfiguration(file: String, problem: String)

    public var description: String {
        switch self {
        case .notFound(let start):
            "no Ducha workspace here (no ducha.toml in \(start) or any folder above it): "
                + "create one with `ducha init [DIR]`, or name one with --workspace DIR or DUCHA_WORKSPACE"
        case .alreadyExists(let directory): "\(directory) already holds a Ducha workspace (ducha.toml)"
        case .databaseExists(let path):
            "\(path) already exists: move it away or name another database file in the new workspace"
        case .invalidConfiguration(let file, let problem): "\(file): \(problem)"
        }
    }
}
