import DuchaModel

/// LuaCATS definitions of the `ducha` API and a workspace's schema, for
/// lua-language-server: completion of collections, fields, dotted paths' first steps and
/// enumeration codes, and checking of scripts.
public enum LuaTypes {
    /// The definitions file (`ducha.lua`) for `taxonomy`.
    public static func definitions(_ taxonomy: Taxonomy) -> String {
        var lines = [
            "---@meta ducha",
            "-- LuaCATS definitions of the ducha Lua API \(DuchaAPI.apiVersion), written by `ducha types`.",
            "-- Point lua-language-server at this folder (workspace.library in .luarc.json).",
            "",
        ]
        lines += enumerationAliases(taxonomy)
        lines += queryClass()
        for collection in taxonomy.schema.collections { lines += collectionClasses(collection, taxonomy) }
        lines += duchaTable(taxonomy.schema)
        lines += reportModule()
        lines += specGlobals()
        return lines.joined(separator: "\n") + "\n"
    }

    private static func enumerationAliases(_ taxonomy: Taxonomy) -> [String] {
        taxonomy.schema.enumerations.flatMap { builtIn -> [String] in
            let enumeration = taxonomy.enumeration(builtIn.kind) ?? builtIn
            var lines = ["---\(enumeration.label.chinese)", "---@alias ducha.\(enumeration.kind)"]
            for value in enumeration.values { lines.append("---| \"\(value.code)\" # \(value.label.chinese)") }
            return lines + [""]
        }
    }

    private static func luaType(_ field: Field) -> String {
        switch field.type {
        case .integer: "integer"
        case .boolean: "boolean"
        case .code(let kind): "ducha.\(kind)"
        case .codes(let kind): "ducha.\(kind)[]"
        case .references: "string[]"
        default: "string"
        }
    }

    private static func collectionClasses(_ collection: Collection, _ taxonomy: Taxonomy) -> [String] {
        let name = collection.name
        var lines = [
            "---A record of \(name) (\(collection.label.chinese)) as rows hold it.", "---@class ducha.\(name).row",
        ]
        for field in collection.fields {
            lines.append("---@field \(field.name)? \(luaType(field)) \(field.label.chinese)")
        }
        lines += [
            "", "---Conditions on \(name): a value, or a list of values (IN); dotted paths too.",
            "---@class ducha.\(name).where",
        ]
        for field in collection.fields {
            let type = luaType(field)
            lines.append(
                "---@field \(field.name)? \(type)|\(type.hasSuffix("[]") ? String(type.dropLast(2)) : type + "[]")")
        }
        lines += [
            "---@field [string] any",
            "",
            "---The collection \(name) (\(collection.label.chinese)) as a query.",
            "---@class ducha.\(name).query : ducha.query",
            "---@overload fun(): ducha.\(name).query",
            "local \(identifier(name))_query = {}",
            "---@param conditions ducha.\(name).where|string",
            "---@param op? string",
            "---@param ... any",
            "---@return ducha.\(name).query",
            "function \(identifier(name))_query:where(conditions, op, ...) end",
            "---@param alternatives ducha.\(name).where[]",
            "---@return ducha.\(name).query",
            "function \(identifier(name))_query:where_any(alternatives) end",
            "---@return ducha.\(name).row[]",
            "function \(identifier(name))_query:rows() end",
            "---@return ducha.\(name).row?",
            "function \(identifier(name))_query:first() end",
            "---@return fun(): ducha.\(name).row?",
            "function \(identifier(name))_query:each() end",
            "---@param record ducha.\(name).row",
            "---@return string id",
            "function \(identifier(name))_query:insert(record) end",
            "",
        ]
        return lines
    }

    private static func identifier(_ name: String) -> String { name.replacingOccurrences(of: "-", with: "_") }

    private static func queryClass() -> [String] {
        [
            "---An immutable query over one collection: every method returns a new query.",
            "---@class ducha.query",
            "local query = {}",
            "---Records matching a where-table (AND of equalities; a list means IN), or `where(path, op, value...)`",
            "---with op one of = ~= < <= > >= in not_in like between is_null not_null.",
            "---@param conditions table|string",
            "---@param op? string",
            "---@param ... any",
            "---@return ducha.query",
            "function query:where(conditions, op, ...) end",
            "---Records matching any of the where-tables.",
            "---@param alternatives table[]",
            "---@return ducha.query",
            "function query:where_any(alternatives) end",
            "---Orders by paths; a leading '-' means descending.",
            "---@param ... string",
            "---@return ducha.query",
            "function query:order_by(...) end",
            "---@param n integer",
            "---@return ducha.query",
            "function query:limit(n) end",
            "---@param n integer",
            "---@return ducha.query",
            "function query:offset(n) end",
            "---The paths each row holds (dotted paths become keys such as `unit.name`).",
            "---@param ... string",
            "---@return ducha.query",
            "function query:select(...) end",
            "---@return integer",
            "function query:count() end",
            "---@return table?",
            "function query:first() end",
            "---@return table[]",
            "function query:rows() end",
            "---Streams the rows in constant memory: `for row in q:each() do ... end`.",
            "---@return fun(): table?",
            "function query:each() end",
            "---@param path string",
            "---@return table<string, integer>",
            "function query:count_by(path) end",
            "---@param ... string",
            "---@return ducha.query",
            "function query:group_by(...) end",
            "---Named aggregates per group: `agg{ n = ducha.count() }`.",
            "---@param aggregates table<string, ducha.aggregate>",
            "---@return ducha.query",
            "function query:agg(aggregates) end",
            "---The SQL the query compiles to, and its bound values.",
            "---@return string sql",
            "---@return any[] values",
            "function query:explain() end",
            "---Sets values on every selected record (write grant); returns how many.",
            "---@param values table",
            "---@return integer",
            "function query:update(values) end",
            "---Deletes every selected record (write grant); returns how many.",
            "---@return integer",
            "function query:delete() end",
            "",
            "---@class ducha.aggregate",
            "",
            "---@class ducha.field",
            "",
        ]
    }

    private static func duchaTable(_ schema: Schema) -> [String] {
        var lines = ["---The ducha Lua API.", "---@class ducha"]
        for collection in schema.collections {
            lines.append("---@field \(collection.name) ducha.\(collection.name).query \(collection.label.chinese)")
        }
        lines += [
            "---@field as_of string The date reports count as of (YYYY-MM-DD).",
            "---@field version string",
            "---@field api string",
            "---@field workspace { name: string, path: string }?",
            "ducha = {}",
            "---@param conditions? table Count only the records matching these.",
            "---@return ducha.aggregate",
            "function ducha.count(conditions) end",
            "---@param path string",
            "---@return ducha.aggregate",
            "function ducha.count_distinct(path) end",
            "---@param path string",
            "---@return ducha.aggregate",
            "function ducha.sum(path) end",
            "---@param path string",
            "---@return ducha.aggregate",
            "function ducha.avg(path) end",
            "---@param path string",
            "---@return ducha.aggregate",
            "function ducha.min(path) end",
            "---@param path string",
            "---@return ducha.aggregate",
            "function ducha.max(path) end",
            "---Another field of the same record, to compare a field with: `where(\"completed_on\", \">\", ducha.field(\"due_on\"))`.",
            "---@param path string",
            "---@return ducha.field",
            "function ducha.field(path) end",
            "---Collections, fields, types, relationships and labels.",
            "---@return table",
            "function ducha.schema() end",
            "---The Chinese label of a code, or nil.",
            "---@param kind string",
            "---@param code string",
            "---@return string?",
            "function ducha.label(kind, code) end",
            "---The codes of an enumeration, in order.",
            "---@param kind string",
            "---@return string[]",
            "function ducha.codes(kind) end",
            "---Days from date `a` to date `b` (YYYY-MM-DD).",
            "---@param a string",
            "---@param b string",
            "---@return integer",
            "function ducha.days_between(a, b) end",
            "---Read-only SQL; columns above your clearance read as nil.",
            "---@param sql string",
            "---@param params? any[]",
            "---@return table[]",
            "function ducha.sql(sql, params) end",
            "---Runs the writes in `body` as one transaction.",
            "---@generic R",
            "---@param body fun(): R",
            "---@return R",
            "function ducha.transaction(body) end",
            "",
        ]
        return lines
    }

    private static func reportModule() -> [String] {
        [
            "---The report document a script builds; the host renders it at the end.",
            "---@class ducha.report",
            "local report = { chart = {} }",
            "---@param text string",
            "function report.title(text) end",
            "---@param text string",
            "function report.section(text) end",
            "---A paragraph, formatted as string.format does.",
            "---@param format string",
            "---@param ... any",
            "function report.text(format, ...) end",
            "---@param rows table[]|ducha.query",
            "---@param options? { columns?: string[], headers?: string[], title?: string }",
            "function report.table(rows, options) end",
            "---@param rows table[]|ducha.query",
            "---@param options? { label?: string, value?: string, title?: string, unit?: string }",
            "function report.chart.bar(rows, options) end",
            "---Renders the document so far to a file (format: table, markdown, csv, json, html).",
            "---@param path string",
            "---@param format? string",
            "function report.save(path, format) end",
            "package.loaded[\"ducha.report\"] = report",
            "",
        ]
    }

    /// What `ducha plugin test` gives a plugin's spec files.
    private static func specGlobals() -> [String] {
        [
            "---A group of tests in a plugin spec (`ducha plugin test`).",
            "---@param name string",
            "---@param body fun()",
            "function describe(name, body) end",
            "---@param name string",
            "---@param body fun()",
            "function it(name, body) end",
            "---@param name string",
            "function pending(name) end",
            "---@param body fun()",
            "function before_each(body) end",
            "---@param body fun()",
            "function after_each(body) end",
            "---Runs one of the plugin's reports and returns the blocks of its document.",
            "---@param name string",
            "---@param ... string",
            "---@return table[]",
            "function run_report(name, ...) end",
            "---Runs one of the plugin's commands and returns the blocks of its document.",
            "---@param name string",
            "---@param ... string",
            "---@return table[]",
            "function run_command(name, ...) end",
        ]
    }
}
