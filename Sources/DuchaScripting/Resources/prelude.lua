-- The `ducha` Lua API (LUA-API.md): collections as immutable queries, aggregates, and
-- the report document. Runs once per state with the host's functions and returns the
-- `ducha` table and the `ducha.report` module. A query is built here, cheaply, and
-- crosses into the host once, when it runs, to be compiled to SQL.
local host = ...

local error, type, pairs, ipairs, select, setmetatable, getmetatable, tostring, math_type, rawlen, rawget =
    error, type, pairs, ipairs, select, setmetatable, getmetatable, tostring, math.type, rawlen, rawget
local string_format, pack, unpack = string.format, table.pack, table.unpack

-- A value as text for messages and reports, never showing an address: the prelude runs
-- with the real `tostring`, which sandboxed code must not reach through it.
local function shown(value)
    local kind = type(value)
    if kind == "string" or kind == "number" or kind == "boolean" or kind == "nil" then return tostring(value) end
    local metatable = getmetatable(value)
    if type(metatable) == "table" and rawget(metatable, "__tostring") then
        local text = metatable.__tostring(value)
        if type(text) == "string" then return text end
    end
    return kind
end

-- string.format for reports: `%p` is refused and values that are not strings or numbers
-- are shown by `shown`, so no address reaches a report.
local function formatted(pattern, ...)
    if type(pattern) ~= "string" then return shown(pattern) end
    if pattern:gsub("%%%%", ""):find("%%[-+ #0-9.]*p") then
        error("bad argument #1 to 'text' (%p is not available in reports)", 3)
    end
    local values = pack(...)
    for i = 1, values.n do
        local kind = type(values[i])
        if kind ~= "string" and kind ~= "number" then values[i] = shown(values[i]) end
    end
    return string_format(pattern, unpack(values, 1, values.n))
end

local ducha = {}

-- Runs a host function; its error is raised at the script's line that asked. Methods
-- call it without a tail call, so that line is always three levels up.
local function call_host(f, ...)
    local results = pack(pcall(f, ...))
    if not results[1] then
        local message = results[2]
        -- An error raised by the script's own code inside (ducha.transaction) has its line already.
        if type(message) == "string" and message:match("^[^:\n]+:%d+: ") then error(message, 0) end
        error(message, 3)
    end
    return unpack(results, 2, results.n)
end

-- Queries ------------------------------------------------------------------------

-- A query is a plain table of its parts (collection, filters, ordering, limit_count,
-- offset_count, selection, grouping, aggregates) whose metatable holds the methods; the
-- parts are named apart from the methods so neither hides the other.
-- The metatable is protected: scripts see "ducha.query", and cannot add a finalizer or
-- change the methods. The queries made here are known by a weak set instead.
local Query = { __name = "ducha.query", __metatable = "ducha.query" }
Query.__index = Query
local queries = setmetatable({}, { __mode = "k" })

local function new_query(parts)
    local query = setmetatable(parts, Query)
    queries[query] = true
    return query
end

local function is_query(value) return queries[value] == true end

local function derive(query, key, value)
    local copy = {}
    for k, v in pairs(query) do copy[k] = v end
    copy[key] = value
    return new_query(copy)
end

local function check_query(query, method)
    if not is_query(query) then
        error(("bad self to '%s' (a query expected; call it as q:%s(...))"):format(method, method), 3)
    end
end

local function strings(method, ...)
    local list = {}
    for i = 1, select("#", ...) do
        local value = select(i, ...)
        if type(value) ~= "string" then
            error(("bad argument #%d to '%s' (string expected, got %s)"):format(i, method, type(value)), 3)
        end
        list[i] = value
    end
    return list
end

-- `ducha.field(path)`: another field of the same record, to compare a field with.
local FieldReference = { __name = "ducha.field", __metatable = "ducha.field" }

function ducha.field(path)
    if type(path) ~= "string" then
        error(("bad argument #1 to 'field' (field name expected, got %s)"):format(type(path)), 2)
    end
    return setmetatable({ field_reference = path }, FieldReference)
end

local function is_field(value) return getmetatable(value) == "ducha.field" end

-- A list argument, copied: the query must not change when the caller's table does,
-- nor write into it; its own length is taken, whatever metatable it has.
local function copy_list(list)
    local copy = { n = rawlen(list) }
    for i = 1, copy.n do copy[i] = rawget(list, i) end
    return copy
end

-- One comparison of `path` with `values` (a packed list) or with another field.
local function comparison(path, op, values)
    if values.n == 1 and is_field(values[1]) then
        return { kind = "comparison", path = path, op = op, other = values[1].field_reference }
    end
    return { kind = "comparison", path = path, op = op, values = values }
end

-- A where-table `{ field = value, field = {a, b} }` as an AND of comparisons.
local function equalities(conditions, method)
    if type(conditions) ~= "table" then
        error(("bad argument #1 to '%s' (table expected, got %s)"):format(method, type(conditions)), 3)
    end
    local items = {}
    for path, value in pairs(conditions) do
        if type(path) ~= "string" then
            error(("bad argument #1 to '%s' (field names must be strings, got %s)"):format(method, type(path)), 3)
        end
        if type(value) == "table" and not is_field(value) then
            items[#items + 1] = comparison(path, "in", copy_list(value))
        else
            items[#items + 1] = comparison(path, "=", { value, n = 1 })
        end
    end
    table.sort(items, function(a, b) return a.path < b.path end)
    return { kind = "all", items = items }
end

local function add_filter(query, filter)
    local filters = {}
    for i, existing in ipairs(query.filters or {}) do filters[i] = existing end
    filters[#filters + 1] = filter
    return derive(query, "filters", filters)
end

--- q:where{ field = value, ... } or q:where(field, op, value...)
function Query:where(conditions, op, ...)
    check_query(self, "where")
    if type(conditions) == "table" then return add_filter(self, equalities(conditions, "where")) end
    if type(conditions) ~= "string" then
        error(("bad argument #1 to 'where' (table or field name expected, got %s)"):format(type(conditions)), 2)
    end
    if type(op) ~= "string" then
        error(("bad argument #2 to 'where' (operator expected, got %s)"):format(type(op)), 2)
    end
    local values = pack(...)
    if values.n == 1 and type(values[1]) == "table" and not is_field(values[1]) then
        values = copy_list(values[1])
    end
    return add_filter(self, comparison(conditions, op, values))
end

--- q:where_any{ {...}, {...} }: records matching any of the where-tables.
function Query:where_any(alternatives)
    check_query(self, "where_any")
    if type(alternatives) ~= "table" then
        error(("bad argument #1 to 'where_any' (table of where-tables expected, got %s)"):format(type(alternatives)), 2)
    end
    local items = {}
    for i, conditions in ipairs(alternatives) do items[i] = equalities(conditions, "where_any") end
    return add_filter(self, { kind = "any", items = items })
end

function Query:order_by(...)
    check_query(self, "order_by")
    return derive(self, "ordering", strings("order_by", ...))
end

local function count_argument(method, n)
    if math_type(n) ~= "integer" or n < 0 then
        error(("bad argument #1 to '%s' (non-negative integer expected, got %s)"):format(method, shown(n)), 3)
    end
    return n
end

function Query:limit(n)
    check_query(self, "limit")
    return derive(self, "limit_count", count_argument("limit", n))
end

function Query:offset(n)
    check_query(self, "offset")
    return derive(self, "offset_count", count_argument("offset", n))
end

function Query:select(...)
    check_query(self, "select")
    return derive(self, "selection", strings("select", ...))
end

function Query:group_by(...)
    check_query(self, "group_by")
    return derive(self, "grouping", strings("group_by", ...))
end

--- q:group_by(...):agg{ name = ducha.count(), ... }
function Query:agg(aggregates)
    check_query(self, "agg")
    if type(aggregates) ~= "table" then
        error(("bad argument #1 to 'agg' (table of aggregates expected, got %s)"):format(type(aggregates)), 2)
    end
    for name, aggregate in pairs(aggregates) do
        if type(name) ~= "string" or type(aggregate) ~= "table" or aggregate.aggregate == nil then
            local message = "bad argument #1 to 'agg' (entry '%s' is not an aggregate such as ducha.count())"
            error(message:format(shown(name)), 2)
        end
    end
    return derive(self, "aggregates", aggregates)
end

function Query:count()
    check_query(self, "count")
    local n = call_host(host.count, self)
    return n
end

function Query:rows()
    check_query(self, "rows")
    local rows = call_host(host.rows, self)
    return rows
end

function Query:first()
    check_query(self, "first")
    local rows = call_host(host.rows, derive(self, "limit_count", 1))
    return rows[1]
end

--- for row in q:each() do ... end: rows stream from the database one at a time, each
--- built in C as it is reached, so memory stays constant however many rows there are.
function Query:each()
    check_query(self, "each")
    local next_row = call_host(host.each, self)
    return next_row
end

--- q:explain(): the SQL the query compiles to and its bound values.
function Query:explain()
    check_query(self, "explain")
    local sql, values = call_host(host.explain, self)
    return sql, values
end

function Query:count_by(path)
    check_query(self, "count_by")
    strings("count_by", path)
    local counts = call_host(host.count_by, self, path)
    return counts
end

Query.__tostring = function(query)
    return ("ducha.%s query"):format(query.collection)
end

-- Writes (with the write grant) --------------------------------------------------

--- ducha.findings:insert{ id = ..., ... }: validated, audited; returns the id.
function Query:insert(record)
    check_query(self, "insert")
    if rawget(self, "filters") or rawget(self, "grouping") or rawget(self, "aggregates") then
        error("bad self to 'insert' (insert into the collection itself, e.g. ducha.findings:insert{...})", 2)
    end
    if type(record) ~= "table" then
        error(("bad argument #1 to 'insert' (table of field values expected, got %s)"):format(type(record)), 2)
    end
    local id = call_host(host.insert, self.collection, record)
    return id
end

--- q:update{ field = value }: sets the values on every selected record; returns how many.
function Query:update(values)
    check_query(self, "update")
    if type(values) ~= "table" then
        error(("bad argument #1 to 'update' (table of field values expected, got %s)"):format(type(values)), 2)
    end
    local n = call_host(host.update, self, values)
    return n
end

--- q:delete(): deletes every selected record; returns how many.
function Query:delete()
    check_query(self, "delete")
    local n = call_host(host.delete, self)
    return n
end

--- ducha.transaction(function() ... end): the writes inside commit together or not at all.
function ducha.transaction(body)
    if type(body) ~= "function" then
        error(("bad argument #1 to 'transaction' (function expected, got %s)"):format(type(body)), 2)
    end
    local results = pack(call_host(host.transaction, body))
    return unpack(results, 1, results.n)
end

-- Aggregates ---------------------------------------------------------------------

--- ducha.count() counts records; ducha.count{ field = value } only those matching.
function ducha.count(conditions)
    if conditions == nil then return { aggregate = "count" } end
    return { aggregate = "count", filter = equalities(conditions, "count") }
end

for _, name in ipairs({ "count_distinct", "sum", "avg", "min", "max" }) do
    ducha[name] = function(path)
        strings(name, path)
        return { aggregate = name, path = path }
    end
end

-- Collections --------------------------------------------------------------------

local collections = {}
for _, name in ipairs(host.collections) do
    collections[name] = new_query({ collection = name })
    ducha[name] = collections[name]
end

setmetatable(ducha, {
    __metatable = "ducha",
    __index = function(_, key)
        if #host.collections == 0 then
            local message = "ducha.%s: no workspace, so no collections (run inside one, or pass --workspace DIR)"
            error(message:format(shown(key)), 2)
        end
        error(("ducha.%s: no such collection or function (collections: %s)"):format(
            shown(key), table.concat(host.collections, ", ")), 2)
    end,
})

-- Reports ------------------------------------------------------------------------

local report = { chart = {} }
local document = host.document

local function add(block) document[#document + 1] = block end

function report.title(text) add({ type = "title", text = shown(text) }) end

function report.section(text) add({ type = "section", text = shown(text) }) end

--- report.text(format, ...): a paragraph, formatted as string.format does.
function report.text(pattern, ...)
    add({ type = "text", text = select("#", ...) > 0 and formatted(pattern, ...) or shown(pattern) })
end

local function rows_of(rows, method)
    if is_query(rows) then return rows:rows() end
    if type(rows) ~= "table" then
        error(("bad argument #1 to '%s' (rows or a query expected, got %s)"):format(method, type(rows)), 3)
    end
    return rows
end

--- report.table(rows, { columns = {...}, headers = {...}, title = ... })
function report.table(rows, options)
    rows = rows_of(rows, "table")
    options = options or {}
    local columns = options.columns
    if columns == nil then
        columns = {}
        local seen = {}
        for _, row in ipairs(rows) do
            for key in pairs(row) do
                if type(key) == "string" and not seen[key] then
                    seen[key] = true
                    columns[#columns + 1] = key
                end
            end
        end
        table.sort(columns)
    end
    local headers = options.headers or columns
    local cells = {}
    for i, row in ipairs(rows) do
        local line = {}
        for j, column in ipairs(columns) do line[j] = row[column] end
        cells[i] = { n = #columns, table.unpack(line, 1, #columns) }
    end
    add({ type = "table", headers = headers, rows = cells, title = options.title, width = #columns })
end

--- report.chart.bar(rows, { label = "county.name", value = "n", title = ... })
function report.chart.bar(rows, options)
    rows = rows_of(rows, "chart.bar")
    options = options or {}
    local labels, values = {}, {}
    for i, row in ipairs(rows) do
        local label = row[options.label or "label"]
        labels[i] = label == nil and "（无）" or shown(label)
        values[i] = tonumber(row[options.value or "value"]) or 0
    end
    add({ type = "bar_chart", title = options.title, labels = labels, values = values, unit = options.unit })
end

--- report.save(path, format): renders the document so far to a file.
function report.save(path, format)
    call_host(host.save, path, format)
end

return ducha, report
