/// The names ducha itself gives to reports, commands and output formats. A plugin may not
/// take a built-in command's or format's name, and replaces a shipped report only with the
/// user's consent, which `ducha.lock` records.
public struct BuiltInNames: Sendable {
    /// The reports shipped with ducha (`ducha report NAME`).
    public let shippedReports: Set<String>
    /// The commands of ducha's command line (`ducha NAME`).
    public let commands: Set<String>
    /// The output formats ducha renders itself (`--format NAME`).
    public let formats: Set<String>

    public init(shippedReports: Set<String>, commands: Set<String>, formats: Set<String>) {
        self.shippedReports = shippedReports
        self.commands = commands
        self.formats = formats
    }

    /// The shipped reports `manifest` declares a report of the same name as, sorted.
    public func shippedReports(replacedBy manifest: PluginManifest) -> [String] {
        manifest.reports.keys.filter(shippedReports.contains).sorted()
    }

    /// Refuses a plugin that adds a command or a format named like one of ducha's own.
    func checkNoClash(_ manifest: PluginManifest) throws {
        if let command = manifest.commands.keys.sorted().first(where: commands.contains) {
            throw InstallError.builtInName(release: manifest.title, kind: "command", name: command)
        }
        if let format = manifest.formats.keys.sorted().first(where: formats.contains) {
            throw InstallError.builtInName(release: manifest.title, kind: "format", name: format)
        }
    }
}
