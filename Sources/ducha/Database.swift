import ArgumentParser
import DuchaStore
import Foundation

/// `ducha db info|check|backup`
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Look after the workspace's database.",
        subcommands: [Info.self, Check.self, Backup.self])

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info", abstract: "Schema version, records per collection, size.")
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                let workspace = try workspace.resolve()
                let store = try workspace.openStore()
                let size =
                    (try? FileManager.default.attributesOfItem(atPath: workspace.databaseURL.path)[.size] as? Int) ?? 0
                print("workspace       \(workspace.configuration.name) (\(workspace.directory.path))")
                print("database        \(workspace.databaseURL.path), \(size / 1024) KiB")
                print("schema version  \(try store.schemaVersion())")
                for (collection, count) in try store.counts() {
                    print(collection.padding(toLength: 16, withPad: " ", startingAt: 0) + String(count))
                }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "SQLite integrity and foreign keys, and the model's invariants.")
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                let problems = try DatabaseCheck(store: workspace.resolve().openStore()).run()
                if problems.isEmpty {
                    print("ok: integrity, foreign keys and invariants hold")
                    return
                }
                for problem in problems { print(problem) }
                throw ExitCode(1)
            }
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Copy the database consistently, even while another process writes.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The file to write the copy to.") var path: String

        func run() throws {
            try reportingFailures {
                try workspace.resolve().openStore().backup(to: path)
                print("Backed up to \(path).")
            }
        }
    }
}
