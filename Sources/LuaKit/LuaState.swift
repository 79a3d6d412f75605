import CLua
import CLuaSupport

/// A Lua 5.4 state, confined to the thread that uses it.
///
/// Every entry into Lua runs under `lua_pcall`; Swift functions called from Lua go
/// through a C trampoline that raises their errors after the Swift frame has returned.
/// No Lua error ever unwinds across Swift code.
public final class LuaState {
    /// Which standard libraries a state opens.
    public enum Libraries: Sendable {
        /// All of Lua's standard libraries, for the user's own trusted code.
        case standard
        /// Only base, string, table, math, utf8, coroutine and os, for states that
        /// run untrusted code in ``newSandboxEnvironment()``.
        case safe
    }

    let L: OpaquePointer
    let control: LuaControl
    /// Nesting of calls into Lua; limits restart when a call starts at depth 0.
    private var callDepth = 0
    /// The registered Swift object types, by type.
    var objectTypes: [ObjectIdentifier: LuaObjectType] = [:]
    /// The function that makes sandbox environments, once the sandbox is installed.
    var sandboxFactory: LuaReference?

    /// Stops running code from another thread.
    public var canceller: LuaCanceller { LuaCanceller(control: control) }

    /// The limits that apply to each top-level call.
    public var limits: LuaLimits = .none {
        didSet {
            luakit_set_instruction_limit(control.pointer, limits.instructions ?? 0)
            luakit_set_memory_limit(control.pointer, limits.memoryBytes.map { max(1, $0) } ?? 0)
            luakit_set_time_limit(control.pointer, limits.seconds ?? 0)
        }
    }

    /// Bytes the state holds allocated now.
    public var memoryInUse: Int { luakit_memory_in_use(control.pointer) }

    /// Instructions executed by the current or last top-level call (to the thousand).
    public var instructionsExecuted: UInt64 { luakit_instructions_executed(control.pointer) }

    /// Creates a state with the given standard libraries opened.
    public init(libraries: Libraries = .standard) throws {
        guard let pointer = luakit_control_new(luaKitDispatch, luaKitRelease) else {
            throw LuaError(kind: .memory, message: "not enough memory to create a Lua state")
        }
        control = LuaControl(pointer: pointer)
        L = luakit_control_state(pointer)
        let status = luakit_open_libraries(L, libraries == .safe ? 1 : 0)
        if status != LUA_OK { throw popError(status: status) }
    }

    deinit {
        sandboxFactory = nil
        luakit_control_close(control.pointer)
    }

    // MARK: Loading and calling

    /// Compiles a text chunk (binary chunks are refused) into a function.
    ///
    /// - Parameters:
    ///   - name: the chunk name Lua shows in messages: `@path` for a file, `=label` otherwise.
    ///   - environment: the table the chunk sees as `_ENV`; the global table when nil.
    public func load(_ source: String, name: String, environment: LuaReference? = nil) throws -> LuaValue {
        try load(bytes: Array(source.utf8), name: name, environment: environment)
    }

    /// Compiles a text chunk given as bytes; see ``load(_:name:environment:)``.
    public func load(bytes source: [UInt8], name: String, environment: LuaReference? = nil) throws -> LuaValue {
        // Lua's own refusal names no chunk; a script's author needs to know which file.
        if source.first == 0x1B {
            let shownName = name.first == "@" || name.first == "=" ? String(name.dropFirst()) : name
            throw LuaError(
                kind: .syntax, message: "\(shownName): a precompiled (binary) chunk cannot be loaded; load its source")
        }
        return try withStackRestored {
            let status = relaxed {
                source.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) {
                        clua_loadbuffer(L, $0.baseAddress, $0.count, name)
                    }
                }
            }
            if status != LUA_OK { throw popError(status: status) }
            if let environment {
                try relaxed { try push(reference: environment) }
                _ = lua_setupvalue(L, -2, 1)
            }
            return .function(relaxed { popReference() })
        }
    }

    /// Calls a Lua function with arguments and returns its results, converted deeply.
    ///
    /// A call made while no other call is running is a top-level call: the limits
    /// start counting afresh.
    @discardableResult
    public func call(_ function: LuaValue, _ arguments: [LuaValue] = []) throws -> [LuaValue] {
        try withStackRestored {
            let base = lua_gettop(L)
            try callKeepingResults(function, arguments)
            return try (base + 1..<lua_gettop(L) + 1).map { try value(at: $0) }
        }
    }

    /// Calls a Lua function and returns its results held by reference (tables stay the
    /// same tables, metatables and all); a nil result is nil.
    public func callReturningReferences(_ function: LuaValue, _ arguments: [LuaValue] = []) throws -> [LuaReference?] {
        try withStackRestored {
            let base = lua_gettop(L)
            try callKeepingResults(function, arguments)
            return relaxed {
                (base + 1..<lua_gettop(L) + 1).map { index in
                    guard lua_type(L, index) > LUA_TNIL else { return nil }
                    lua_pushvalue(L, index)
                    return popReference()
                }
            }
        }
    }

    /// Loads and runs a chunk; see ``load(_:name:environment:)`` and ``call(_:_:)``.
    @discardableResult
    public func execute(
        _ source: String, name: String, environment: LuaReference? = nil, arguments: [LuaValue] = []
    ) throws -> [LuaValue] {
        try call(load(source, name: name, environment: environment), arguments)
    }

    /// Calls `function` under protection and leaves its results on the stack.
    func callKeepingResults(_ function: LuaValue, _ arguments: [LuaValue]) throws {
        try relaxed {
            guard lua_checkstack(L, Int32(arguments.count) + 2) != 0 else {
                throw LuaError(kind: .conversion, message: "too many arguments (\(arguments.count))")
            }
            try push(function)
            for argument in arguments { try push(argument) }
        }
        try callPushed(argumentCount: Int32(arguments.count), resultCount: LUA_MULTRET)
    }

    /// Calls the function below the top `argumentCount` values under protection.
    func callPushed(argumentCount: Int32, resultCount: Int32) throws {
        if callDepth == 0 { luakit_begin_run(control.pointer) }
        callDepth += 1
        defer {
            callDepth -= 1
            if callDepth == 0 { luakit_end_run(control.pointer) }
        }
        let status = luakit_pcall(L, argumentCount, resultCount)
        if status != LUA_OK { throw popError(status: status) }
    }

    // MARK: Globals and tables

    /// Reads a global variable (raw access).
    public func global(_ name: String) throws -> LuaValue {
        try withStackRestored {
            lua_rawgeti(L, CLUA_REGISTRYINDEX, CLUA_RIDX_GLOBALS)
            try relaxed { try push(LuaValue(name)) }
            lua_rawget(L, -2)
            return try value(at: -1)
        }
    }

    /// Sets a global variable (raw access).
    public func setGlobal(_ name: String, _ value: LuaValue) throws {
        try withStackRestored {
            try relaxed {
                lua_rawgeti(L, CLUA_REGISTRYINDEX, CLUA_RIDX_GLOBALS)
                try push(LuaValue(name))
                try push(value)
                lua_rawset(L, -3)
            }
        }
    }

    /// Sets `table[key] = value` with raw access, in a table held by reference.
    public func rawSet(_ table: LuaReference, _ key: LuaValue, _ value: LuaValue) throws {
        try withStackRestored {
            try relaxed {
                try push(table: table, key: key)
                try push(value)
                lua_rawset(L, -3)
            }
        }
    }

    /// Reads `table[key]` with raw access, in a table held by reference.
    public func rawGet(_ table: LuaReference, _ key: LuaValue) throws -> LuaValue {
        try withStackRestored {
            try relaxed { try push(table: table, key: key) }
            lua_rawget(L, -2)
            return try value(at: -1)
        }
    }

    /// Pushes a referenced table and a key into it. Call relaxed.
    private func push(table: LuaReference, key: LuaValue) throws {
        try push(reference: table)
        guard lua_type(L, -1) == LUA_TTABLE else {
            throw LuaError(kind: .conversion, message: "not a table reference")
        }
        try pushKey(key)
    }

    /// A reference to a value in Lua; a table is created once and then held, so pushing
    /// the reference (``LuaValue/tableReference(_:)``) pushes that same table each time.
    public func reference(to value: LuaValue) throws -> LuaReference {
        try withStackRestored {
            try relaxed {
                try push(value)
                return popReference()
            }
        }
    }

    /// The value a reference holds, converted deeply (see ``LuaValue``).
    public func value(of reference: LuaReference) throws -> LuaValue {
        try withStackRestored {
            try relaxed { try push(reference: reference) }
            return try value(at: -1)
        }
    }

    /// The value a reference holds, without copying: a table stays that same table
    /// (``LuaValue/tableReference(_:)``), as do functions, userdata and threads.
    public func heldValue(of reference: LuaReference) throws -> LuaValue {
        try withStackRestored {
            try relaxed { try push(reference: reference) }
            switch lua_type(L, -1) {
            case LUA_TTABLE: return .tableReference(reference)
            case LUA_TFUNCTION: return .function(reference)
            case LUA_TUSERDATA: return .userdata(reference)
            case LUA_TLIGHTUSERDATA: return .lightUserdata(reference)
            case LUA_TTHREAD: return .thread(reference)
            default: return try value(at: -1)
            }
        }
    }

    // MARK: The stack (internal)

    /// Runs `body` and puts the stack back as it was.
    func withStackRestored<Result>(_ body: () throws -> Result) rethrows -> Result {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        return try body()
    }

    /// Runs host pushes with the memory limit relaxed: an allocation the limit would
    /// refuse raises in Lua, which must not happen across a Swift frame.
    func relaxed<Result>(_ body: () throws -> Result) rethrows -> Result {
        luakit_relax_memory_limit(control.pointer)
        defer { luakit_restore_memory_limit(control.pointer) }
        return try body()
    }

    /// Pops the value on top into a registry reference. Call relaxed.
    func popReference() -> LuaReference {
        LuaReference(slot: luaL_ref(L, CLUA_REGISTRYINDEX), owner: self)
    }

    /// Pushes the referenced value. Call relaxed.
    func push(reference: LuaReference) throws {
        guard reference.belongs(to: self) else {
            throw LuaError(kind: .conversion, message: "a reference from another Lua state cannot be used here")
        }
        lua_rawgeti(L, CLUA_REGISTRYINDEX, lua_Integer(reference.slot))
    }

    /// Pops the error value a failed call left and describes it.
    /// The most bytes of an error message kept.
    static let longestErrorMessage = 64 << 10

    func popError(status: Int32) -> LuaError {
        let message: String
        if lua_type(L, -1) == LUA_TSTRING {
            // A message of many megabytes would be copied several times on its way to the
            // user, each copy outside the memory limit; its start says what went wrong.
            var length = 0
            let bytes = lua_tolstring(L, -1, &length)!
            if length > Self.longestErrorMessage {
                let start = bytes.withMemoryRebound(to: UInt8.self, capacity: Self.longestErrorMessage) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: Self.longestErrorMessage), as: UTF8.self)
                }
                message = start + "… (\(length - Self.longestErrorMessage) more bytes)"
            } else {
                message = relaxed { string(at: -1) }
            }
        } else {
            message = "(error object is a \(String(cString: lua_typename(L, lua_type(L, -1)))) value)"
        }
        let traceback: String? = relaxed {
            luakit_push_traceback(L)
            defer { clua_pop(L, 1) }
            return lua_type(L, -1) == LUA_TSTRING ? string(at: -1) : nil
        }
        clua_pop(L, 1)
        return LuaError(kind: errorKind(status: status), message: message, traceback: traceback)
    }

    private func errorKind(status: Int32) -> LuaError.Kind {
        switch luakit_tripped(control.pointer) {
        case LUAKIT_TRIP_INSTRUCTIONS: return .instructionLimit
        case LUAKIT_TRIP_TIME: return .timeLimit
        case LUAKIT_TRIP_CANCEL: return .interrupted
        default: break
        }
        switch status {
        case LUA_ERRSYNTAX: return .syntax
        case LUA_ERRMEM: return .memory
        default: return .runtime
        }
    }

    /// The string at `index` (which must be a string, so nothing is converted).
    func string(at index: Int32) -> String {
        var length = 0
        let bytes = lua_tolstring(L, index, &length)!
        return bytes.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
