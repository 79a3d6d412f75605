import ArgumentParser
import DuchaModel
import DuchaScripting
import DuchaStore
import Foundation

/// `ducha types [--out DIR]`
struct Types: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "types",
        abstract: "Write LuaCATS definitions of the Lua API and the workspace's schema for lua-language-server.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "The folder to write ducha.lua into.") var out = "types"

    func run() throws {
        try reportingFailures {
            let taxonomy = try (try? workspace.resolve()).map { try $0.openStore().taxonomy() } ?? Taxonomy()
            let folder = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("ducha.lua")
            try Data(LuaTypes.definitions(taxonomy).utf8).write(to: file)
            print("Wrote \(file.path); add \"\(folder.path)\" to workspace.library in .luarc.json.")
        }
    }
}
