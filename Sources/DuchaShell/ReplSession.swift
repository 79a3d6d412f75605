import DuchaReports
import DuchaScripting
import Foundation
import LuaKit

/// The REPL's evaluation, apart from how lines are read: statements are gathered until
/// Lua's own rule says they are complete (an incomplete chunk fails "near <eof>"); a line
/// is first tried as `return <line>`; top-level `local` declarations live on from one
/// statement to the next, in a table of the session's own (``LocalDeclarations``); results
/// are shown readably.
public final class ReplSession {
    /// What feeding a line produced.
    public enum Step: Equatable {
        /// The statement is incomplete: read another line.
        case more
        /// The statement ran; this is what to show (possibly nothing).
        case output(String)
        /// The statement failed; this is the message and traceback.
        case failure(String)
    }

    public let host: ScriptHost
    private var pending: [String] = []
    /// The input line the statement being read starts on.
    private var firstLine = 1
    /// The environment statements run in: the session's locals, then the globals.
    private let environment: LuaReference
    private let show: LuaValue
    private let localNames: LuaValue
    private let methodLister: LuaValue
    static let chunkName = "stdin"

    /// A session in `host`; `terminal` says whether tables fit a terminal and use colour.
    public init(host: ScriptHost, terminal: Bool) throws {
        self.host = host
        let renderRows = host.state.function("render_rows") { call in
            let order = call.isNil(2) ? [] : try call.value(2).tableValue?.sequence.compactMap(\.stringValue) ?? []
            call.push(Self.renderRows(try call.value(1), columns: order, terminal: terminal))
        }
        let globals = try host.callReturningReferences(host.load("return _ENV", name: "=(globals)")).first ?? nil
        let prelude = try host.state.load(bytes: PackageResources.repl_lua, name: "=repl")
        let parts = try host.state.callReturningReferences(
            prelude, [renderRows, globals.map { .tableReference($0) } ?? .nil, LuaValue(LocalDeclarations.tableName)])
        guard parts.count == 4, let environment = parts[0], let show = parts[1], let names = parts[2],
            let methods = parts[3]
        else { throw LuaScriptError("the REPL prelude did not load") }
        self.environment = environment
        self.show = .function(show)
        localNames = .function(names)
        methodLister = .function(methods)
    }

    /// Whether a statement is being continued over several lines.
    public var isContinuing: Bool { !pending.isEmpty }

    /// Drops a half-typed statement.
    public func abandon() { pending.removeAll() }

    /// Takes one line of input. `inputLine` is the line's number in the input (a file or
    /// pipe), so that messages name the lines of the input; without it each statement's
    /// lines count from 1, as in Lua's own REPL.
    public func feed(_ line: String, inputLine: Int? = nil) -> Step {
        if pending.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty { return .output("") }
        if pending.isEmpty { firstLine = inputLine ?? 1 }
        pending.append(line)
        let source = pending.joined(separator: "\n")
        // A statement recalled from the history comes as one line holding several.
        let lineCount = source.split(separator: "\n", omittingEmptySubsequences: false).count
        let linesBefore = String(repeating: "\n", count: firstLine - 1)
        let chunk: LuaValue
        if let expression = try? load(linesBefore + "return " + source) {
            chunk = expression
        } else {
            do {
                // Lua judges the statement as typed; the rewritten one only runs.
                _ = try load(linesBefore + source)
                chunk = try load(linesBefore + LocalDeclarations.rewrite(source))
            } catch let error as LuaError where error.kind == .syntax && error.message.hasSuffix("<eof>") {
                return .more
            } catch {
                pending.removeAll()
                return .failure("\(error)")
            }
        }
        pending.removeAll()
        let results: [LuaValue]
        do {
            results = try host.callReturningReferences(chunk).map { try $0.map(host.state.heldValue(of:)) ?? .nil }
        } catch let error as LuaError {
            let traceback = error.kind == .runtime ? error.traceback.map(Self.userTraceback) ?? "" : ""
            return .failure(error.message + traceback)
        } catch {
            return .failure("\(error)")
        }
        do {
            return .output(try host.call(show, results).first?.stringValue ?? "")
        } catch let error as LuaError {
            // Showing runs a query the statement only built: its error belongs to the statement.
            let message = error.message.replacing(#/^repl:\d+: /#, with: "")
            return .failure("\(Self.chunkName):\(firstLine + lineCount - 1): \(message)")
        } catch {
            return .failure("\(error)")
        }
    }

    private func load(_ source: String) throws -> LuaValue {
        try host.state.load(source, name: "=" + Self.chunkName, environment: environment)
    }

    /// The names a dotted path holds for statements (the session's locals first), for completion.
    public func names(in path: String) -> [String] {
        if case .table(let locals)? = try? host.call(localNames, [LuaValue(path)]).first {
            let names = locals.sequence.compactMap(\.stringValue)
            return path.isEmpty ? names + ((try? host.names(in: path)) ?? []) : names
        }
        return (try? host.names(in: path)) ?? []
    }

    /// The methods the value at a dotted path offers after `:`, for completion.
    public func methods(of path: String) -> [String] {
        let listed = (try? host.call(methodLister, [LuaValue(path)]).first?.tableValue?.sequence) ?? []
        return Array(Set(listed.compactMap(\.stringValue)))
    }

    /// Lua's traceback without the frames of the REPL's own code, so it ends at the
    /// statement the user typed.
    static func userTraceback(_ traceback: String) -> String {
        let all = traceback.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        // The REPL's frames go, and so does an `error` call they made (a const assigned).
        var frames = all.indices.filter { index in
            let frame = all[index]
            let raisedByTheRepl =
                frame == "[C]: in function 'error'" && all.indices.contains(index + 1)
                && all[index + 1].hasPrefix("repl:")
            return !frame.hasPrefix("repl:") && frame != "[C]: in ?" && !raisedByTheRepl
        }.map { all[$0] }
        // A statement tried as `return <line>` ends in a tail call of its own making.
        while frames.last == "(...tail calls...)" { frames.removeLast() }
        guard frames.count > 1 else { return "" }
        return "\n" + frames[0] + frames.dropFirst().map { "\n\t" + $0 }.joined()
    }

    /// Rows (an array of tables) as a table: the given columns first (a query's
    /// selection), then every other key the rows have, sorted, with `id` first.
    static func renderRows(_ value: LuaValue, columns order: [String], terminal: Bool) -> String {
        let rows = value.tableValue?.sequence.compactMap(\.tableValue) ?? []
        var columns = order
        for row in rows {
            for key in row.fields.keys.compactMap(\.stringValue).sorted() where !columns.contains(key) {
                columns.append(key)
            }
        }
        if order.isEmpty, let id = columns.firstIndex(of: "id") { columns.insert(columns.remove(at: id), at: 0) }
        var table: LuaTable = [:]
        table["type"] = "table"
        table["width"] = .integer(Int64(columns.count))
        table["headers"] = .table(LuaTable(sequence: columns.map { LuaValue($0) }))
        // Cells go in by position: a missing value leaves its cell empty, not the next value.
        table["rows"] = .table(
            LuaTable(
                sequence: rows.map { row in
                    var cells = LuaTable()
                    for (index, column) in columns.enumerated() { cells[.integer(Int64(index + 1))] = row[column] }
                    return .table(cells)
                }))
        let document = ReportOutput.document(from: .table(LuaTable(sequence: [.table(table)])))
        return ReportOutput.render(document, format: .table, terminal: terminal)
    }
}
