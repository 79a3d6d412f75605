import Foundation

/// Reading the text of a script: a file, or standard input for `-`.
enum ScriptSource {
    static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScriptSourceError(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw ScriptSourceError(path: path, reason: "is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ScriptSourceError(path: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        return handle.readDataToEndOfFile()
    }
}

/// A script file that could not be read.
public struct ScriptSourceError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot read \(path): \(reason)" }
}
