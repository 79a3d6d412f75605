import ArgumentParser
import DuchaStore

/// `ducha audit show|verify`
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit trail of writes made by scripts and imports.", subcommands: [Show.self, Verify.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "The latest entries, oldest first.",
            discussion: """
                The values an entry records show as your scripts would see them: without the confidential grant, \
                confidential text is a pseudonym, and so is secret text without the secret grant.
                """)
        @OptionGroup var workspace: WorkspaceOptions
        @Option(help: "How many entries.") var limit = 50

        func run() throws {
            try reportingFailures {
                let workspace = try workspace.resolve()
                let clearance = workspace.configuration.identity.clearance
                for entry in try AuditTrail(store: workspace.openStore()).entries(limit: limit, visibleTo: clearance) {
                    let record = entry.record.map { " \($0)" } ?? ""
                    let detail = entry.detail.map { " \($0)" } ?? ""
                    print(
                        "\(entry.sequence)\t\(entry.at)\t\(entry.user)\t\(entry.action) \(entry.collection)\(record)\(detail)"
                    )
                }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Check that no entry was altered or removed.")
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                let problems = try AuditTrail(store: workspace.resolve().openStore()).verify()
                guard problems.isEmpty else {
                    for problem in problems { print(problem) }
                    throw ExitCode(1)
                }
                print("ok: the audit trail is intact")
            }
        }
    }
}
