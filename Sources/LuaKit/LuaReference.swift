import CLua

/// A handle on a Lua object (a function, userdata, thread or table) kept alive in the
/// state's registry until the handle is released.
///
/// A reference belongs to the thread of its ``LuaState``; once the state is closed the
/// handle is inert.
public final class LuaReference: Hashable {
    /// The registry slot.
    let slot: Int32
    private weak var owner: LuaState?

    init(slot: Int32, owner: LuaState) {
        self.slot = slot
        self.owner = owner
    }

    deinit {
        if let owner { luaL_unref(owner.L, CLUA_REGISTRYINDEX, slot) }
    }

    /// Whether `state` is the state this reference belongs to.
    func belongs(to state: LuaState) -> Bool { owner === state }

    public static func == (lhs: LuaReference, rhs: LuaReference) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
