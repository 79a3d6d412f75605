import CLua
import CLuaSupport

/// A method of a Swift object type exposed to Lua: the object is argument 1.
public typealias LuaMethod<Object: AnyObject> = (Object, inout LuaCall) throws -> Void

/// What the state keeps of a registered Swift object type.
struct LuaObjectType {
    let name: String
    let metatable: Int32
}

extension LuaState {
    /// Registers how Lua sees Swift objects of `type`: userdata named `name` whose
    /// methods run the given closures. Names starting with `__` are metamethods.
    ///
    /// The metatable is locked (`getmetatable` returns the name) and its `__gc`
    /// releases the object exactly once, so `__gc`, `__metatable` and `__name` cannot
    /// be given as methods.
    public func register<Object: AnyObject>(
        _ type: Object.Type, name: String, methods: [String: LuaMethod<Object>]
    ) throws {
        let identifier = ObjectIdentifier(type)
        guard objectTypes[identifier] == nil else {
            throw LuaError(kind: .conversion, message: "the type \(name) is already registered")
        }
        for reserved in ["__gc", "__metatable", "__name"] where methods[reserved] != nil {
            throw LuaError(kind: .conversion, message: "\(name): \(reserved) is LuaKit's own and cannot be a method")
        }
        let slot: Int32 = try withStackRestored {
            try relaxed {
                luakit_push_object_metatable(L, name)
                lua_createtable(L, 0, Int32(clamping: methods.count))
                for (methodName, method) in methods.sorted(by: { $0.key < $1.key }) {
                    let body = function("\(name).\(methodName)") { call in
                        try method(call.object(1, as: Object.self), &call)
                    }
                    push(bytes: Array(methodName.utf8))
                    try push(body)
                    lua_rawset(L, methodName.hasPrefix("__") ? -4 : -3)
                }
                push(bytes: Array("__index".utf8))
                lua_rotate(L, -2, 1)
                if methods["__index"] == nil { lua_rawset(L, -3) } else { clua_pop(L, 2) }
                return luaL_ref(L, CLUA_REGISTRYINDEX)
            }
        }
        objectTypes[identifier] = LuaObjectType(name: name, metatable: slot)
    }

    /// A userdata holding `object`, whose type must be registered.
    public func userdata<Object: AnyObject>(_ object: Object) throws -> LuaValue {
        try withStackRestored {
            try relaxed {
                try pushObject(object)
                return .userdata(popReference())
            }
        }
    }

    func objectType<Object: AnyObject>(_ type: Object.Type) throws -> LuaObjectType {
        guard let registered = objectTypes[ObjectIdentifier(type)] else {
            throw LuaError(kind: .conversion, message: "the Swift type \(type) is not registered with Lua")
        }
        return registered
    }

    /// Pushes a userdata holding `object`. Call relaxed.
    func pushObject<Object: AnyObject>(_ object: Object) throws {
        let type = try objectType(Object.self)
        lua_rawgeti(L, CLUA_REGISTRYINDEX, lua_Integer(type.metatable))
        luakit_push_object(L, Unmanaged.passRetained(object).toOpaque(), -1)
        clua_remove(L, -2)
    }
}
