/// An error from Lua: a script error, a syntax error, a refused allocation or a limit.
public struct LuaError: Error, CustomStringConvertible, Equatable {
    /// What kind of failure ended the call.
    public enum Kind: Equatable, Sendable {
        /// A runtime error raised by the script or by a host function.
        case runtime
        /// The chunk did not compile.
        case syntax
        /// An allocation was refused (the memory limit, or the system).
        case memory
        /// The instruction limit ran out.
        case instructionLimit
        /// The time limit ran out.
        case timeLimit
        /// ``LuaCanceller/cancel()`` stopped the run.
        case interrupted
        /// A value could not be converted between Lua and Swift.
        case conversion
    }

    public var kind: Kind
    /// The message as Lua shows it, usually starting with `chunk:line:`.
    public var message: String
    /// Lua's stack traceback at the point of the error, when there was one.
    public var traceback: String?

    public init(kind: Kind, message: String, traceback: String? = nil) {
        self.kind = kind
        self.message = message
        self.traceback = traceback
    }

    public var description: String { message }
}

/// Thrown by a Swift function called from Lua for a bad argument; shown as Lua's
/// `bad argument #N to 'name' (reason)`.
public struct LuaArgumentError: Error, Equatable {
    public var position: Int
    public var reason: String

    public init(position: Int, reason: String) {
        self.position = position
        self.reason = reason
    }
}

/// Thrown by a Swift function called from Lua to raise a plain Lua error; its message gets
/// the caller's `chunk:line:` position, as `error(message)` would.
public struct LuaScriptError: Error, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
