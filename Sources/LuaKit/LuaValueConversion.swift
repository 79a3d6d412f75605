import CLua
import CLuaSupport

extension LuaState {
    /// Pushes a value. Call relaxed: pushing allocates.
    func push(_ value: LuaValue) throws {
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let flag): lua_pushboolean(L, flag ? 1 : 0)
        case .integer(let integer): lua_pushinteger(L, integer)
        case .number(let number): lua_pushnumber(L, number)
        case .string(let string): push(bytes: string.bytes)
        case .table(let table): try push(table: table)
        case .function(let reference), .userdata(let reference), .thread(let reference),
            .lightUserdata(let reference), .tableReference(let reference):
            try push(reference: reference)
        }
    }

    /// Pushes a value usable as a table key: neither nil nor NaN, whether given as such
    /// or held by a reference (lua_rawset would raise outside any protected call).
    func pushKey(_ key: LuaValue) throws {
        try push(key)
        if lua_type(L, -1) == LUA_TNIL {
            clua_pop(L, 1)
            throw LuaError(kind: .conversion, message: "a table key cannot be nil")
        }
        if lua_type(L, -1) == LUA_TNUMBER && lua_isinteger(L, -1) == 0 && clua_tonumber(L, -1).isNaN {
            clua_pop(L, 1)
            throw LuaError(kind: .conversion, message: "a table key cannot be NaN")
        }
    }

    func push(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    private func push(table: LuaTable) throws {
        guard lua_checkstack(L, 3) != 0 else {
            throw LuaError(kind: .conversion, message: "table nesting too deep to push")
        }
        lua_createtable(L, Int32(clamping: table.sequence.count), Int32(clamping: table.fields.count))
        for (offset, element) in table.sequence.enumerated() {
            try push(element)
            lua_rawseti(L, -2, lua_Integer(offset + 1))
        }
        for (key, element) in table.fields {
            try pushKey(key)
            try push(element)
            lua_rawset(L, -3)
        }
    }

    /// The value at `index`, converted deeply under protection: tables are copied with
    /// raw access (no metamethod runs) and a table that contains itself is an error.
    func value(at index: Int32) throws -> LuaValue {
        guard lua_checkstack(L, 8) != 0 else {
            throw LuaError(kind: .conversion, message: "no stack space left to convert a value")
        }
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            return lua_isinteger(L, index) != 0 ? .integer(clua_tointeger(L, index)) : .number(clua_tonumber(L, index))
        default: break
        }
        var buffer = luakit_buffer()
        defer { luakit_buffer_free(&buffer) }
        let status = relaxed { luakit_encode(L, index, &buffer) }
        if status != LUA_OK {
            let error = popError(status: status)
            throw LuaError(kind: error.kind == .runtime ? .conversion : error.kind, message: error.message)
        }
        var decoder = LuaValueDecoder(
            bytes: UnsafeRawBufferPointer(start: buffer.bytes, count: buffer.length), owner: self)
        return decoder.decodeValue()
    }
}

/// Reads the encoding `luakit_encode` writes (tags in CLuaSupport.h).
private struct LuaValueDecoder {
    let bytes: UnsafeRawBufferPointer
    unowned let owner: LuaState
    var offset = 0

    init(bytes: UnsafeRawBufferPointer, owner: LuaState) {
        self.bytes = bytes
        self.owner = owner
    }

    private mutating func read<T: FixedWidthInteger>(_: T.Type) -> T {
        defer { offset += MemoryLayout<T>.size }
        return bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
    }

    private mutating func readTag() -> Int { Int(read(UInt8.self)) }

    mutating func decodeValue() -> LuaValue {
        decodeValue(tag: readTag())
    }

    private mutating func decodeValue(tag: Int) -> LuaValue {
        switch tag {
        case LUAKIT_TAG_NIL: return .nil
        case LUAKIT_TAG_FALSE: return .boolean(false)
        case LUAKIT_TAG_TRUE: return .boolean(true)
        case LUAKIT_TAG_INTEGER: return .integer(read(Int64.self))
        case LUAKIT_TAG_NUMBER: return .number(Double(bitPattern: read(UInt64.self)))
        case LUAKIT_TAG_STRING:
            let length = Int(read(UInt64.self))
            defer { offset += length }
            return .string(LuaString(bytes: Array(bytes[offset..<offset + length])))
        case LUAKIT_TAG_TABLE: return .table(decodeTable())
        case LUAKIT_TAG_FUNCTION: return .function(decodeReference())
        case LUAKIT_TAG_USERDATA: return .userdata(decodeReference())
        case LUAKIT_TAG_THREAD: return .thread(decodeReference())
        default: return .lightUserdata(decodeReference())
        }
    }

    private mutating func decodeReference() -> LuaReference {
        LuaReference(slot: read(Int32.self), owner: owner)
    }

    private mutating func decodeTable() -> LuaTable {
        let count = Int(read(UInt64.self))
        var sequence: [LuaValue] = []
        sequence.reserveCapacity(count)
        for _ in 0..<count { sequence.append(decodeValue()) }
        var fields: [LuaValue: LuaValue] = [:]
        while true {
            let tag = readTag()
            if tag == LUAKIT_TAG_END { break }
            let key = decodeValue(tag: tag)
            fields[key] = decodeValue()
        }
        return LuaTable(sequence: sequence, fields: fields)
    }
}
