import Foundation
import LuaKit

/// Runs the user's scripts and chunks with the `ducha` Lua API installed: trusted,
/// with the full standard library, or sandboxed as untrusted plugin code is.
public final class ScriptHost {
    /// The Lua state scripts run in.
    public let state: LuaState
    /// The environment scripts see: a sandbox environment, or nil for the globals.
    private let environment: LuaReference?

    /// Creates a host; `sandboxed` confines scripts as plugin code is confined.
    public init(sandboxed: Bool = false, limits: LuaLimits? = nil) throws {
        state = try LuaState(libraries: sandboxed ? .safe : .standard)
        environment = sandboxed ? try state.newSandboxEnvironment() : nil
        state.limits = limits ?? (sandboxed ? .sandboxDefault : .none)
        try setVariable("ducha", .table(duchaTable()))
    }

    /// Runs a script file; `arguments` become `arg[1]…` and the chunk's `...`, as the
    /// standalone `lua` interpreter passes them.
    @discardableResult
    public func runFile(at path: String, arguments: [String] = []) throws -> [LuaValue] {
        let source = try ScriptSource.read(path)
        var argumentTable = LuaTable(sequence: arguments.map { LuaValue($0) })
        argumentTable[.integer(0)] = LuaValue(path)
        argumentTable[.integer(-1)] = LuaValue(CommandLine.arguments.first ?? "ducha")
        try setVariable("arg", .table(argumentTable))
        let name = path == "-" ? "=stdin" : "@\(path)"
        let chunk = try state.load(bytes: Array(source), name: name, environment: environment)
        return try state.call(chunk, arguments.map { LuaValue($0) })
    }

    /// Runs a chunk given as text and prints what it returns with the script's `print`.
    /// A lone expression is evaluated as `return <expression>`.
    public func runChunkPrintingResults(_ source: String, name: String = "=(command line)") throws {
        let chunk: LuaValue
        if let expression = try? state.load("return " + source, name: name, environment: environment) {
            chunk = expression
        } else {
            chunk = try state.load(source, name: name, environment: environment)
        }
        let printer = try state.load(
            """
            local chunk, print = ...
            local results = table.pack(chunk())
            if results.n > 0 then print(table.unpack(results, 1, results.n)) end
            """,
            name: "=(printer)"
        )
        try state.call(printer, [chunk, try variable("print")])
    }

    /// Stops the running script from another thread.
    public var canceller: LuaCanceller { state.canceller }

    private func setVariable(_ name: String, _ value: LuaValue) throws {
        if let environment {
            try state.rawSet(environment, LuaValue(name), value)
        } else {
            try state.setGlobal(name, value)
        }
    }

    private func variable(_ name: String) throws -> LuaValue {
        guard let environment else { return try state.global(name) }
        return try state.rawGet(environment, LuaValue(name))
    }

    private func duchaTable() -> LuaTable {
        var ducha = LuaTable()
        ducha["version"] = LuaValue(DuchaAPI.version)
        ducha["api"] = LuaValue(DuchaAPI.apiVersion)
        return ducha
    }
}
