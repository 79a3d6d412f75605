import ArgumentParser
import DuchaStore
import Foundation

/// `ducha init [DIR] [--sample NAME] [--scale N]`
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: ducha.toml and its database.",
        discussion:
            "With --sample the database is filled with a sample dataset (\(Samples.names.joined(separator: ", "))); "
            + "with --scale N it holds N generated findings across synthetic cities.")

    @Argument(help: "The folder to create the workspace in (default: the current folder).")
    var directory: String = "."

    @Option(help: "Load a sample dataset.")
    var sample: String?

    @Option(help: ArgumentHelp("Generate this many findings, with proportional records.", valueName: "N"))
    var scale: Int?

    @Option(help: "The seed of the --scale generator.")
    var seed: UInt64 = 1

    @Option(help: "The workspace's name (default: the folder's name).")
    var name: String?

    func validate() throws {
        if let sample, !Samples.names.contains(sample) {
            throw ValidationError("unknown sample '\(sample)' (available: \(Samples.names.joined(separator: ", ")))")
        }
        if sample != nil && scale != nil { throw ValidationError("--sample and --scale cannot be combined") }
        if let scale, scale < 1 { throw ValidationError("--scale must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let folder = URL(fileURLWithPath: directory).standardizedFileURL
            let configuration = WorkspaceConfiguration(
                name: name ?? folder.lastPathComponent,
                asOf: sample == YiyangSample.name ? YiyangSample.asOf : nil,
                // The person who creates a workspace may load their own data into it;
                // confidential and secret data need a grant they add on purpose.
                identity: WorkspaceConfiguration.Identity(
                    user: ProcessInfo.processInfo.environment["USER"] ?? "analyst", grants: ["write"]))
            var loaded: [String] = []
            let workspace = try Workspace.create(at: folder, configuration: configuration) { store in
                if let sample, let records = Samples.records(named: sample) {
                    try store.insert(records)
                    loaded.append("Loaded the sample \(sample): \(records.count) records.")
                }
                if let scale {
                    let count = try ScaleSample(findings: scale, seed: seed).load(into: store)
                    loaded.append("Generated \(count) records around \(scale) findings.")
                }
            }
            for line in loaded { print(line) }
            print("Created the workspace \(configuration.name) in \(workspace.directory.path).")
        }
    }
}
