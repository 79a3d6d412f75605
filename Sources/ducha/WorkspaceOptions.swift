import ArgumentParser
import DuchaStore
import Foundation

/// `--workspace DIR`: which workspace a command works in.
struct WorkspaceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The workspace folder (default: DUCHA_WORKSPACE, or the nearest folder upwards with ducha.toml).",
            valueName: "dir"))
    var workspace: String?

    /// The workspace named or found from the current folder.
    func resolve() throws -> Workspace {
        try Workspace.discover(
            from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), explicit: workspace)
    }
}

/// Runs a command's body; a failure is printed to standard error and ends the command
/// with exit code 1 (a data error), never a crash report.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("ducha: \(error)\n".utf8))
        throw ExitCode(1)
    }
}
