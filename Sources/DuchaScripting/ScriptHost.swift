import DuchaModel
import DuchaReports
import DuchaStore
import Foundation
import LuaKit

/// How a script host is set up.
public struct ScriptOptions {
    /// Confine scripts as untrusted plugin code is confined.
    public var sandboxed = false
    /// Limits; when nil, the sandbox's defaults if sandboxed, else none.
    public var limits: LuaLimits?
    /// The workspace whose records scripts query; without one, `ducha` has no collections.
    public var workspace: Workspace?
    /// The date reports count "as of" (`--as-of`); else the workspace's, else today.
    public var asOf: String?
    /// The plugin whose code runs, sandboxed with only the permissions it declares.
    public var plugin: PluginContext?

    public init(
        sandboxed: Bool = false, limits: LuaLimits? = nil, workspace: Workspace? = nil, asOf: String? = nil,
        plugin: PluginContext? = nil
    ) {
        self.sandboxed = sandboxed || plugin != nil
        self.limits = limits
        self.workspace = workspace
        self.asOf = asOf
        self.plugin = plugin
    }
}

/// Runs the user's scripts and chunks with the `ducha` Lua API installed: trusted, with
/// the full standard library, or sandboxed as untrusted plugin code is.
public final class ScriptHost {
    /// The Lua state scripts run in.
    public let state: LuaState
    /// The environment scripts see: a sandbox environment, or nil for the globals.
    let environment: LuaReference?
    private let queries: QueryHost?
    let document: LuaReference
    /// The date reports count "as of".
    public private(set) var asOf: String
    /// The `ducha` table scripts see.
    private let duchaTable: LuaValue
    /// The plugin whose code runs, if any.
    public let plugin: PluginContext?
    /// The workspace scripts query, if any.
    public let workspace: Workspace?
    private var modules: PluginModules?

    public init(options: ScriptOptions = ScriptOptions()) throws {
        state = try LuaState(libraries: options.sandboxed ? .safe : .standard)
        environment = options.sandboxed ? try state.newSandboxEnvironment() : nil
        state.limits = options.limits ?? (options.sandboxed ? .sandboxDefault : .none)
        let asOf = try Self.asOf(options)
        self.asOf = asOf
        let plugin = options.plugin
        self.plugin = plugin
        workspace = options.workspace
        queries = try options.workspace.map { workspace in
            let identity = workspace.configuration.identity
            var clearance = identity.clearance
            var access = AccessPolicy.unrestricted
            if let permissions = plugin?.plugin.manifest.permissions {
                clearance = min(clearance, permissions.confidential ? .confidential : .internal)
                access = AccessPolicy(
                    readable: permissions.readableCollections, writable: Set(permissions.write),
                    holder: plugin!.holder)
            }
            return try QueryHost(
                store: workspace.openStore(), asOf: asOf, clearance: clearance,
                writer: identity.mayWrite ? identity.user : nil, access: access)
        }
        document = try state.reference(to: .table(LuaTable()))
        let workspace = workspace
        let library = try DuchaLibrary(
            state: state, workspace: workspace, queries: queries, asOf: asOf, document: document,
            savePath: { [sandboxed = options.sandboxed] path in
                if let plugin { return try plugin.permittedFile(path, workspace: workspace?.directory) }
                return try ReportFiles.permittedFile(path, sandboxed: sandboxed)
            }
        ).install()
        duchaTable = library.ducha
        if let plugin, let environment {
            let modules = PluginModules(state: state, context: plugin, ducha: library.ducha, report: library.report)
            try modules.adopt(environment)
            self.modules = modules
        } else {
            try setVariable("ducha", library.ducha)
            try installReportModule(library.report)
        }
    }

    /// Runs the script `file` of the plugin this host runs (a report, command or format)
    /// and returns what it returns, held by reference (nil for a nil result).
    @discardableResult
    public func runPluginScript(_ file: String, arguments: [String] = []) throws -> [LuaReference?] {
        guard let plugin else { throw LuaScriptError("no plugin to run \(file) of") }
        guard let script = plugin.plugin.script(file) else {
            throw LuaScriptError("plugin \(plugin.plugin.manifest.name) has no \(file)")
        }
        return try runSource(script.source, name: script.name, arguments: arguments)
    }

    /// Runs a script file; `arguments` become `arg[1]…` and the chunk's `...`, as the
    /// standalone `lua` interpreter passes them. Returns what the script returns, held
    /// by reference: a script may return anything, cycles and all.
    @discardableResult
    public func runFile(at path: String, arguments: [String] = []) throws -> [LuaReference?] {
        let source = try ScriptSource.read(path)
        var argumentTable = LuaTable(sequence: arguments.map { LuaValue($0) })
        argumentTable[.integer(0)] = LuaValue(path)
        argumentTable[.integer(-1)] = LuaValue(CommandLine.arguments.first ?? "ducha")
        try setVariable("arg", .table(argumentTable))
        let name = path == "-" ? "=stdin" : "@\(path)"
        let chunk = try state.load(bytes: Array(source), name: name, environment: environment)
        return try running { try state.callReturningReferences(chunk, arguments.map { LuaValue($0) }) }
    }

    /// Runs a report script given as source; `name` is how messages name it. Returns
    /// what it returns, as ``runFile(at:arguments:)`` does.
    @discardableResult
    public func runSource(_ source: [UInt8], name: String, arguments: [String] = []) throws -> [LuaReference?] {
        var argumentTable = LuaTable(sequence: arguments.map { LuaValue($0) })
        argumentTable[.integer(0)] = LuaValue(name)
        try setVariable("arg", .table(argumentTable))
        let chunk = try state.load(bytes: source, name: "@\(name)", environment: environment)
        return try running { try state.callReturningReferences(chunk, arguments.map { LuaValue($0) }) }
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
        let print = try variable("print")
        try running {
            let results = try state.callReturningReferences(chunk)
            guard !results.isEmpty else { return }
            try state.call(print, results.map { try $0.map(state.heldValue(of:)) ?? .nil })
        }
    }

    /// Compiles a chunk into the scripts' environment (text only).
    public func load(_ source: String, name: String) throws -> LuaValue {
        try state.load(source, name: name, environment: environment)
    }

    /// Calls a Lua function with the database at hand for the queries it makes.
    @discardableResult
    public func call(_ function: LuaValue, _ arguments: [LuaValue] = []) throws -> [LuaValue] {
        try running { try state.call(function, arguments) }
    }

    /// Calls a Lua function with the database at hand; its results stay in Lua, held by
    /// reference (nil for nil).
    public func callReturningReferences(_ function: LuaValue, _ arguments: [LuaValue] = []) throws -> [LuaReference?] {
        try running { try state.callReturningReferences(function, arguments) }
    }

    /// The report document the scripts built so far.
    public func reportDocument() throws -> ReportDocument { ReportOutput.document(from: try state.value(of: document)) }

    /// The report document built so far, leaving an empty one for what comes next.
    public func takeReportDocument() throws -> ReportDocument {
        let taken = try reportDocument()
        let clear = try state.load(
            "local document = ... for i = #document, 1, -1 do document[i] = nil end", name: "=(clear)")
        try state.call(clear, [.tableReference(document)])
        return taken
    }

    /// The names a global, or a dotted path of tables from a global, holds (for completion).
    public func names(in path: String) throws -> [String] {
        let lister = try state.load(
            """
            local environment, path = ...
            environment = environment or _G
            local value = environment
            for step in path:gmatch("[^.]+") do
              if type(value) ~= "table" then return {} end
              value = rawget(value, step)
            end
            local names = {}
            if type(value) == "table" then
              for key in next, value do if type(key) == "string" then names[#names + 1] = key end end
              if value == environment and environment ~= _G then
                for key in next, _G do if type(key) == "string" then names[#names + 1] = key end end
              end
            end
            return names
            """, name: "=(names)")
        let scope: LuaValue = environment.map { .tableReference($0) } ?? .nil
        let result = try state.call(lister, [scope, LuaValue(path)]).first
        return result?.tableValue?.sequence.compactMap(\.stringValue) ?? []
    }

    /// The enumerations in force: the workspace's, else the built-in ones.
    public func taxonomy() throws -> Taxonomy { try queries?.compiler.taxonomy ?? Taxonomy() }

    /// Counts "as of" another date from now on (`ducha.as_of` and `overdue`).
    public func setAsOf(_ text: String) throws {
        guard let date = CalendarDate(parsing: text, defaultYear: Int(asOf.prefix(4))) else {
            throw AsOfError(text: text)
        }
        asOf = date.description
        queries?.setAsOf(asOf)
        if case .tableReference(let table) = duchaTable { try state.rawSet(table, "as_of", LuaValue(asOf)) }
    }

    /// Stops the running script from another thread.
    public var canceller: LuaCanceller { state.canceller }

    @discardableResult
    func running<Result>(_ body: () throws -> Result) throws -> Result {
        guard let queries else { return try body() }
        return try queries.during(stoppedBy: state.canceller, body)
    }

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

    /// `require "ducha.report"`: preloaded for trusted scripts; in the sandbox, `require`
    /// knows only the modules the host provides.
    private func installReportModule(_ report: LuaValue) throws {
        let installer = try state.load(
            """
            local report, environment = ...
            if environment then
              environment.require = function(name)
                if name == "ducha.report" then return report end
                error(("module '%s' not found (sandboxed code may require only ducha.report)"):format(tostring(name)), 2)
              end
            else
              package.preload["ducha.report"] = function() return report end
            end
            """, name: "=(report module)")
        try state.call(installer, [report, environment.map { .tableReference($0) } ?? .nil])
    }

    private static func asOf(_ options: ScriptOptions) throws -> String {
        if let given = options.asOf ?? options.workspace?.configuration.asOf {
            guard let date = CalendarDate(parsing: given) else {
                throw AsOfError(text: given)
            }
            return date.description
        }
        let today = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
        return CalendarDate(year: today.year!, month: today.month!, day: today.day!)!.description
    }
}

/// An as-of date that names no day.
public struct AsOfError: Error, CustomStringConvertible {
    public let text: String
    public var description: String { "the as-of date '\(text)' is not a date (for example 2021-08-14)" }
}
