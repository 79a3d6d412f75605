import CLuaSupport

/// Resource limits on the code a ``LuaState`` runs. `nil` means no limit.
///
/// Limits count from the start of each top-level call (``LuaState/call(_:_:)``);
/// once one trips it stays tripped for the rest of that call, so `pcall` cannot
/// swallow it.
public struct LuaLimits: Equatable, Sendable {
    /// VM instructions, counted in steps of a thousand.
    public var instructions: UInt64?
    /// Bytes the state may hold allocated.
    public var memoryBytes: Int?
    /// Wall-clock seconds.
    public var seconds: Double?

    public init(instructions: UInt64? = nil, memoryBytes: Int? = nil, seconds: Double? = nil) {
        self.instructions = instructions
        self.memoryBytes = memoryBytes
        self.seconds = seconds
    }

    /// No limits.
    public static let none = LuaLimits()
}

/// The C control block of a state: its allocator's accounting, limits and
/// cancellation flag. It outlives the state while a ``LuaCanceller`` holds it.
final class LuaControl: @unchecked Sendable {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { luakit_control_free(pointer) }
}

/// Stops the code running in a ``LuaState`` from any thread: the run ends at its
/// next thousand instructions with ``LuaError/Kind/interrupted``.
public struct LuaCanceller: Sendable {
    let control: LuaControl

    /// Requests the stop. Safe to call from any thread or more than once.
    public func cancel() { luakit_cancel(control.pointer) }

    /// A C callback and its context for long calls a host function makes (such as
    /// SQLite's progress handler): it returns nonzero once the run was cancelled or has
    /// passed its time limit. Valid while this canceller lives; call it only on the
    /// thread running the state.
    public var stopCheck:
        (function: @convention(c) (UnsafeMutableRawPointer?) -> Int32, context: UnsafeMutableRawPointer)
    {
        (luakit_should_stop, UnsafeMutableRawPointer(control.pointer))
    }
}
