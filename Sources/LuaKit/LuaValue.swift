/// A Lua value on the Swift side.
///
/// Plain values and tables are copies: a table converted from Lua holds its keys and
/// values converted deeply (raw access, no metamethods), and a table pushed into Lua
/// becomes a new table. Functions, userdata and threads stay in Lua and are held by a
/// ``LuaReference``.
public enum LuaValue: Hashable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(LuaString)
    case table(LuaTable)
    /// A table held by reference: pushing it pushes that same table, not a copy.
    case tableReference(LuaReference)
    case function(LuaReference)
    case userdata(LuaReference)
    case thread(LuaReference)
    case lightUserdata(LuaReference)

    /// The Lua type name, as `type()` returns it.
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table, .tableReference: "table"
        case .function: "function"
        case .userdata, .lightUserdata: "userdata"
        case .thread: "thread"
        }
    }

    /// Whether Lua treats the value as true (everything but nil and false).
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): false
        default: true
        }
    }

    /// The text of a string value (invalid UTF-8 repaired), else nil.
    public var stringValue: String? {
        if case .string(let string) = self { string.text } else { nil }
    }

    /// An integer value, or a float with an exact integer value, else nil.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): value
        case .number(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// A number value as a Double, else nil.
    public var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The table of a table value, else nil.
    public var tableValue: LuaTable? {
        if case .table(let table) = self { table } else { nil }
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(LuaString(value)) }
    public init(arrayLiteral elements: LuaValue...) { self = .table(LuaTable(sequence: elements)) }
    public init(dictionaryLiteral elements: (LuaValue, LuaValue)...) {
        var table = LuaTable()
        for (key, value) in elements { table[key] = value }
        self = .table(table)
    }
}

extension LuaValue {
    /// A string value from Swift text.
    public init(_ text: String) { self = .string(LuaString(text)) }
}

/// A Lua string: bytes, exactly as Lua holds them (any encoding, NUL bytes included).
public struct LuaString: Hashable, Sendable, CustomStringConvertible {
    /// The bytes of the string.
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }

    /// The bytes decoded as UTF-8, with invalid sequences replaced by U+FFFD.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    public var description: String { text }
}

/// A copy of a Lua table: its sequence `t[1]…t[n]` (up to the first nil) and its other keys.
public struct LuaTable: Hashable {
    /// The values at keys 1 through `sequence.count`, none of them nil.
    public private(set) var sequence: [LuaValue]
    /// Every other key (never nil, never a key of the sequence) and its non-nil value.
    public private(set) var fields: [LuaValue: LuaValue]

    /// An empty table.
    public init() {
        sequence = []
        fields = [:]
    }

    public init(sequence: [LuaValue], fields: [LuaValue: LuaValue] = [:]) {
        self.sequence = []
        self.fields = [:]
        for value in sequence { self[.integer(Int64(self.sequence.count + 1))] = value }
        for (key, value) in fields { self[key] = value }
    }

    /// Reads and writes as Lua's raw access does: assigning nil removes the key.
    public subscript(key: LuaValue) -> LuaValue {
        get {
            if let index = Self.sequenceIndex(of: key), index < sequence.count { return sequence[index] }
            return fields[Self.normalized(key)] ?? .nil
        }
        set { set(Self.normalized(key), newValue) }
    }

    /// Reads and writes the field named `key`.
    public subscript(key: String) -> LuaValue {
        get { self[.string(LuaString(key))] }
        set { self[.string(LuaString(key))] = newValue }
    }

    /// The number of keys.
    public var count: Int { sequence.count + fields.count }

    private mutating func set(_ key: LuaValue, _ value: LuaValue) {
        guard key != .nil else { return }
        if let index = Self.sequenceIndex(of: key), index <= sequence.count {
            if index == sequence.count {
                guard value != .nil else { return }
                sequence.append(value)
                absorbFollowingFields()
            } else if value == .nil {
                for (offset, moved) in sequence[(index + 1)...].enumerated() {
                    fields[.integer(Int64(index + offset + 2))] = moved
                }
                sequence.removeSubrange(index...)
            } else {
                sequence[index] = value
            }
            return
        }
        fields[key] = value == .nil ? nil : value
    }

    /// Moves keys n+1, n+2, … from the fields into the sequence once it reaches them.
    private mutating func absorbFollowingFields() {
        while let next = fields.removeValue(forKey: .integer(Int64(sequence.count + 1))) {
            sequence.append(next)
        }
    }

    /// Lua normalizes a float key with an integer value to that integer.
    private static func normalized(_ key: LuaValue) -> LuaValue {
        if case .number(let value) = key, let integer = Int64(exactly: value) { return .integer(integer) }
        return key
    }

    private static func sequenceIndex(of key: LuaValue) -> Int? {
        guard case .integer(let position) = normalized(key), position >= 1, position <= Int64(Int.max) else {
            return nil
        }
        return Int(position - 1)
    }
}

extension LuaTable: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    public init(dictionaryLiteral elements: (LuaValue, LuaValue)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }

    public init(arrayLiteral elements: LuaValue...) { self.init(sequence: elements) }
}
