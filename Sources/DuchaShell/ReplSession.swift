import DuchaReports
import DuchaScripting
import Foundation
import LuaKit

/// The REPL's evaluation, apart from how lines are read: statements are gathered until
/// Lua's own rule says they are complete (an incomplete chunk fails "near <eof>"); a line
/// is first tried as `return <line>`; `local` declarations persist from one statement to
/// the next; results are shown readably.
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
    private let show: LuaValue

    /// A session in `host`; `terminal` says whether tables fit a terminal and use colour.
    public init(host: ScriptHost, terminal: Bool) throws {
        self.host = host
        let renderRows = host.state.function("render_rows") { call in
            let order = call.isNil(2) ? [] : try call.value(2).tableValue?.sequence.compactMap(\.stringValue) ?? []
            call.push(Self.renderRows(try call.value(1), columns: order, terminal: terminal))
        }
        let prelude = try host.state.load(bytes: PackageResources.repl_lua, name: "=repl")
        show = try host.state.call(prelude, [renderRows]).first ?? .nil
    }

    /// Whether a statement is being continued over several lines.
    public var isContinuing: Bool { !pending.isEmpty }

    /// Drops a half-typed statement.
    public func abandon() { pending.removeAll() }

    /// Takes one line of input.
    public func feed(_ line: String) -> Step {
        if pending.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty { return .output("") }
        pending.append(line)
        let source = Self.persistingLocals(pending.joined(separator: "\n"))
        let name = "=stdin"
        let chunk: LuaValue
        if let expression = try? host.load("return " + source, name: name) {
            chunk = expression
        } else {
            do {
                chunk = try host.load(source, name: name)
            } catch let error as LuaError where error.kind == .syntax && error.message.hasSuffix("<eof>") {
                return .more
            } catch {
                pending.removeAll()
                return .failure("\(error)")
            }
        }
        pending.removeAll()
        do {
            let runner = try host.load("local chunk = ... return table.pack(chunk())", name: "=(statement)")
            let packed = try host.callReturningReferences(runner, [chunk]).first ?? nil
            guard let packed else { return .output("") }
            let text = try host.call(show, [.tableReference(packed)]).first?.stringValue ?? ""
            return .output(text)
        } catch let error as LuaError {
            let traceback = error.kind == .runtime ? error.traceback.map { "\n" + $0 } ?? "" : ""
            return .failure(error.message + traceback)
        } catch {
            return .failure("\(error)")
        }
    }

    /// The statement with a leading `local` made a variable of the session, so it lives
    /// on to the next statement: `local x = 1` → `x = 1`, `local function f` → `function f`.
    static func persistingLocals(_ source: String) -> String {
        let trimmed = source.drop(while: \.isWhitespace)
        guard trimmed.hasPrefix("local"), trimmed.dropFirst(5).first?.isWhitespace == true else { return source }
        let rest = trimmed.dropFirst(5).drop(while: \.isWhitespace)
        if rest.hasPrefix("function") { return String(rest) }
        let declaration = rest.prefix { $0 != "=" && $0 != "\n" }
        if rest.dropFirst(declaration.count).first == "=" { return String(rest) }
        return String(declaration) + " = nil" + rest.dropFirst(declaration.count)
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
        table["rows"] = .table(
            LuaTable(sequence: rows.map { row in .table(LuaTable(sequence: columns.map { row[$0] })) }))
        let document = ReportOutput.document(from: .table(LuaTable(sequence: [.table(table)])))
        return ReportOutput.render(document, format: .table, terminal: terminal)
    }
}
