import CLua
import CLuaSupport

/// The body of a Swift function called from Lua. It reads its arguments from the call,
/// pushes its results onto it, and throws to raise a Lua error (catchable by `pcall`).
public typealias LuaFunctionBody = (inout LuaCall) throws -> Void

/// A Swift function as Lua holds it: retained by a userdata upvalue of the trampoline
/// and released by that userdata's `__gc`.
final class LuaFunctionBox {
    let name: String
    let body: LuaFunctionBody
    unowned(unsafe) let state: LuaState

    init(name: String, body: @escaping LuaFunctionBody, state: LuaState) {
        self.name = name
        self.body = body
        self.state = state
    }
}

/// Runs the Swift function of `box` for the trampoline. Never raises: an error is
/// pushed as a message and reported by the return code, and C raises it.
func luaKitDispatch(_ L: OpaquePointer?, _ box: UnsafeMutableRawPointer?) -> Int32 {
    Unmanaged<LuaFunctionBox>.fromOpaque(box!)._withUnsafeGuaranteedRef { box in
        var call = LuaCall(L: L!, box: box)
        do {
            try box.body(&call)
            return call.resultCount
        } catch {
            return call.pushError(error)
        }
    }
}

/// Releases a Swift object that a userdata retained.
func luaKitRelease(_ object: UnsafeMutableRawPointer?) {
    Unmanaged<AnyObject>.fromOpaque(object!).release()
}

extension LuaState {
    /// Makes a Lua function that runs a Swift closure.
    ///
    /// - Parameter name: the name Lua error messages give the function.
    public func function(_ name: String, _ body: @escaping LuaFunctionBody) -> LuaValue {
        let box = LuaFunctionBox(name: name, body: body, state: self)
        return relaxed {
            luakit_push_function(L, Unmanaged.passRetained(box).toOpaque())
            return .function(popReference())
        }
    }
}

/// One call of a Swift function from Lua: its arguments (positions from 1) and results.
public struct LuaCall: ~Copyable {
    let L: OpaquePointer
    private unowned(unsafe) let box: LuaFunctionBox
    var resultCount: Int32 = 0

    init(L: OpaquePointer, box: LuaFunctionBox) {
        self.L = L
        self.box = box
    }

    /// The state the call runs in.
    public var state: LuaState { box.state }

    /// How many arguments Lua passed.
    public var argumentCount: Int { Int(lua_gettop(L)) }

    // MARK: Arguments

    /// The Lua type name of an argument (`"no value"` past the last).
    public func typeName(_ position: Int) -> String {
        String(cString: lua_typename(L, lua_type(L, Int32(position))))
    }

    /// Whether an argument is nil or absent.
    public func isNil(_ position: Int) -> Bool { lua_type(L, Int32(position)) <= LUA_TNIL }

    /// An integer argument (a float with an integer value is accepted).
    public func integer(_ position: Int) throws -> Int64 {
        var isInteger: Int32 = 0
        let value = lua_tointegerx(L, Int32(position), &isInteger)
        if isInteger == 0 {
            let reason = lua_type(L, Int32(position)) == LUA_TNUMBER ? "number has no integer representation" : nil
            throw argumentError(position, expected: "number", reason: reason)
        }
        return value
    }

    /// A number argument.
    public func number(_ position: Int) throws -> Double {
        var isNumber: Int32 = 0
        let value = lua_tonumberx(L, Int32(position), &isNumber)
        if isNumber == 0 { throw argumentError(position, expected: "number") }
        return value
    }

    /// A string argument (a number is converted, as Lua does), decoded as UTF-8.
    public func string(_ position: Int) throws -> String {
        try bytes(position).text
    }

    /// A string argument as bytes.
    public func bytes(_ position: Int) throws -> LuaString {
        let type = lua_type(L, Int32(position))
        guard type == LUA_TSTRING || type == LUA_TNUMBER else { throw argumentError(position, expected: "string") }
        var length = 0
        let pointer = lua_tolstring(L, Int32(position), &length)!
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            LuaString(bytes: Array(UnsafeBufferPointer(start: $0, count: length)))
        }
    }

    /// Whether an argument is true in Lua's sense (not nil, not false).
    public func boolean(_ position: Int) -> Bool { lua_toboolean(L, Int32(position)) != 0 }

    /// An argument converted deeply; see ``LuaValue``.
    public func value(_ position: Int) throws -> LuaValue {
        do {
            return try state.value(at: Int32(position))
        } catch let error as LuaError where error.kind == .conversion {
            throw LuaArgumentError(position: position, reason: error.message)
        }
    }

    /// A handle on an argument that stays in Lua (any value but nil).
    public func reference(_ position: Int) throws -> LuaReference {
        guard !isNil(position) else { throw argumentError(position, expected: "value") }
        lua_pushvalue(L, Int32(position))
        return state.popReference()
    }

    /// An argument that is a userdata holding a Swift object of the given registered type.
    public func object<Object: AnyObject>(_ position: Int, as type: Object.Type) throws -> Object {
        let registered = try state.objectType(type)
        lua_rawgeti(L, CLUA_REGISTRYINDEX, lua_Integer(registered.metatable))
        let pointer = luakit_to_object(L, Int32(position), -1)
        clua_pop(L, 1)
        guard let pointer else { throw argumentError(position, expected: registered.name) }
        return Unmanaged<Object>.fromOpaque(pointer).takeUnretainedValue()
    }

    // MARK: Results

    /// Pushes a result.
    public mutating func push(_ value: LuaValue) throws {
        guard lua_checkstack(L, 1) != 0 else { throw LuaError(kind: .conversion, message: "too many results") }
        try state.push(value)
        resultCount += 1
    }

    /// Pushes the value a reference holds.
    public mutating func push(reference: LuaReference) throws {
        guard lua_checkstack(L, 1) != 0 else { throw LuaError(kind: .conversion, message: "too many results") }
        try state.relaxed { try state.push(reference: reference) }
        resultCount += 1
    }

    /// Pushes `arguments`, then lets a C helper push one result above them on the raw
    /// `lua_State`. The helper follows the boundary rule (pushes only, or runs its own
    /// `lua_pcall`) and returns `LUA_OK`, or another status with an error message on top;
    /// the arguments are removed either way.
    public mutating func pushResult(
        arguments: [LuaValue], of helper: (_ state: OpaquePointer, _ firstArgument: Int32) -> Int32
    ) throws {
        guard lua_checkstack(L, Int32(arguments.count) + 2) != 0 else {
            throw LuaError(kind: .conversion, message: "too many arguments")
        }
        let first = lua_gettop(L) + 1
        for argument in arguments { try state.push(argument) }
        let status = helper(L, first)
        if status != LUA_OK {
            let error = state.popError(status: status)
            lua_settop(L, first - 1)
            throw error
        }
        lua_rotate(L, first, 1)
        lua_settop(L, first)
        resultCount += 1
    }

    /// Pushes an integer result.
    public mutating func push(_ integer: Int64) {
        lua_pushinteger(L, integer)
        resultCount += 1
    }

    /// Pushes a number result.
    public mutating func push(_ number: Double) {
        lua_pushnumber(L, number)
        resultCount += 1
    }

    /// Pushes a string result.
    public mutating func push(_ text: String) {
        state.push(bytes: Array(text.utf8))
        resultCount += 1
    }

    /// Pushes a boolean result.
    public mutating func push(_ flag: Bool) {
        lua_pushboolean(L, flag ? 1 : 0)
        resultCount += 1
    }

    /// Pushes a userdata holding a Swift object of a registered type.
    public mutating func push<Object: AnyObject>(object: Object) throws {
        try state.pushObject(object)
        resultCount += 1
    }

    // MARK: Errors

    /// The error for a bad argument, in Lua's words.
    public func argumentError(_ position: Int, expected: String, reason: String? = nil) -> LuaArgumentError {
        LuaArgumentError(position: position, reason: reason ?? "\(expected) expected, got \(typeName(position))")
    }

    /// Pushes the message for `error` and returns the trampoline's code to raise it.
    fileprivate func pushError(_ error: any Error) -> Int32 {
        switch error {
        case let error as LuaArgumentError:
            state.push(bytes: Array("bad argument #\(error.position) to '\(box.name)' (\(error.reason))".utf8))
            return LUAKIT_RAISE_WITH_POSITION
        case let error as LuaError:
            state.push(bytes: Array(error.message.utf8))
            return LUAKIT_RAISE
        default:
            state.push(bytes: Array(String(describing: error).utf8))
            return LUAKIT_RAISE_WITH_POSITION
        }
    }
}
