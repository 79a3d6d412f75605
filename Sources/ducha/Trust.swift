import ArgumentParser
import DuchaPlugins
import Foundation

/// `ducha keygen --out PREFIX`
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a team's signing key pair: PREFIX (secret, keep it) and PREFIX.pub (give it to other teams).")

    @Option(help: ArgumentHelp("Where to write the key files.", valueName: "prefix")) var out: String

    func run() throws {
        try reportingFailures {
            let key = SigningKey()
            try key.write(prefix: out)
            print("Wrote the secret key \(out) and the public key \(out).pub (key id \(key.publicKey.id)).")
            print("Other teams trust it with: ducha trust add \(out).pub --name <your team>")
        }
    }
}

/// `ducha trust add|list|remove`
struct Trust: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Manage the keys whose signatures this workspace accepts on plugins.",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Trust a team's public key (PREFIX.pub).")
        @Argument(help: "The public key file.") var keyFile: String
        @Option(help: "The team's name, as installs will name the signer.") var name: String
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                var store = try TrustStore(workspace: workspace.resolve().directory)
                let key = try PublicKey(contentsOf: keyFile)
                try store.add(key, name: name)
                print("Trusting \(name) (key id \(key.id)).")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the trusted keys.")
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                let store = try TrustStore(workspace: workspace.resolve().directory)
                if store.entries.isEmpty { print("No trusted keys (ducha trust add KEYFILE --name TEAM).") }
                for entry in store.entries { print("\(entry.id)  \(entry.name)") }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Stop trusting a key, by name or id.")
        @Argument(help: "The name or id of the key.") var key: String
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            try reportingFailures {
                var store = try TrustStore(workspace: workspace.resolve().directory)
                let removed = try store.remove(key)
                print("No longer trusting \(removed.name) (key id \(removed.id)).")
            }
        }
    }
}
