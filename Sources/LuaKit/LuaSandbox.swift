import CLua
import CLuaSupport

extension LuaState {
    /// A fresh environment for untrusted code (pass it to ``load(_:name:environment:)``):
    /// the safe base functions and read-only views of string, table, math, utf8,
    /// coroutine and os (time, date, clock, difftime only); no io, debug, package,
    /// dofile, loadfile, require, warn or string.dump; `load` compiles text only, into
    /// this environment unless given another; `setmetatable` refuses `__gc`;
    /// `collectgarbage` answers only "count"; `tostring`, `print` and `string.format`
    /// never show an address; pattern functions take bounded inputs.
    ///
    /// The first call installs the sandbox in the state: from then on the string
    /// metatable is locked and string methods are the sandbox's.
    public func newSandboxEnvironment() throws -> LuaReference {
        let factory = try sandboxFactory ?? installSandbox()
        return try withStackRestored {
            try relaxed { try push(reference: factory) }
            try callPushed(argumentCount: 0, resultCount: 1)
            return relaxed { popReference() }
        }
    }

    private func installSandbox() throws -> LuaReference {
        let prelude = try load(bytes: PackageResources.sandbox_lua, name: "=sandbox")
        return try withStackRestored {
            try relaxed {
                try push(prelude)
                lua_rawgeti(L, CLUA_REGISTRYINDEX, CLUA_RIDX_GLOBALS)
                clua_pushcfunction(L, luakit_safe_tostring)
                clua_pushcfunction(L, luakit_safe_print)
                pushOriginalStringFormat()
                lua_pushcclosure(L, luakit_safe_format, 1)
            }
            try callPushed(argumentCount: 4, resultCount: 1)
            let factory = relaxed { popReference() }
            sandboxFactory = factory
            return factory
        }
    }

    /// Pushes `string.format` as the string library has it. Call relaxed.
    private func pushOriginalStringFormat() {
        lua_rawgeti(L, CLUA_REGISTRYINDEX, CLUA_RIDX_GLOBALS)
        push(bytes: Array("string".utf8))
        lua_rawget(L, -2)
        push(bytes: Array("format".utf8))
        lua_rawget(L, -2)
        clua_replace(L, -3)
        clua_pop(L, 1)
    }
}
