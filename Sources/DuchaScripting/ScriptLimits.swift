import LuaKit

extension LuaLimits {
    /// The limits sandboxed code runs under unless told otherwise.
    public static let sandboxDefault = LuaLimits(
        instructions: 10_000_000_000,
        memoryBytes: 256 << 20,
        seconds: 60
    )
}
