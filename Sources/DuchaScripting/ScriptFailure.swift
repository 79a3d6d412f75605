import LuaKit

/// How a failed script is reported: the text for standard error and the exit code.
public struct ScriptFailure {
    /// `chunk:line: message`, then Lua's traceback when there is one.
    public let text: String
    /// 130 when interrupted by Ctrl-C, else 1.
    public let exitCode: Int32

    public init(_ error: any Error) {
        guard let error = error as? LuaError else {
            text = "ducha: \(error)"
            exitCode = 1
            return
        }
        var text = error.message
        if let traceback = error.traceback, error.kind == .runtime { text += "\n" + traceback }
        self.text = text
        exitCode = error.kind == .interrupted ? 130 : 1
    }
}
