-- The REPL's side in Lua: the environment statements run in, where the session's locals
-- live on, and how results show — a query as its first rows and its count, an array of
-- rows as a table aligned for CJK text, other tables readably with depth and item limits
-- and cycles marked. Runs once with the host's row renderer, the environment scripts see
-- and the name rewritten declarations reach the locals through (LocalDeclarations.swift).
local render_rows, globals, declarations_name = ...

local MAX_DEPTH, MAX_ITEMS, MAX_ROWS = 3, 30, 20

-- The REPL is trusted: it reads the metatables that scripts see only as a name
-- (`ducha.query`), to complete their methods and show queries.
local getmetatable = debug.getmetatable

-- Locals ---------------------------------------------------------------------------------

-- A statement's top-level `local x = …` arrives as `_REPL.locals.x = …` (`constants` for
-- `<const>`). The variable then lives in `values`, which statements consult before the
-- globals; scripts run with :load and :run see the globals only, so a REPL local never
-- hides from them a name they rely on.
local values, declared, constant = {}, {}, {}

local function declarer(is_constant)
    return setmetatable({}, {
        __newindex = function(_, name, value)
            declared[name], constant[name], values[name] = true, is_constant or nil, value
        end,
    })
end

local declarations = { locals = declarer(false), constants = declarer(true) }

local environment = setmetatable({}, {
    __index = function(_, name)
        if name == declarations_name then return declarations end
        if declared[name] then return values[name] end
        return globals[name]
    end,
    __newindex = function(_, name, value)
        if not declared[name] then
            globals[name] = value
        elseif constant[name] then
            error(("attempt to assign to const variable '%s'"):format(name), 2)
        else
            values[name] = value
        end
    end,
})

-- Completion -------------------------------------------------------------------------------

local function string_keys(table_value, into)
    for key in next, table_value do
        if type(key) == "string" then into[#into + 1] = key end
    end
    return into
end

-- The names under a dotted path that starts at a REPL local (all the locals for ""), or
-- nil when the path starts elsewhere.
local function local_names(path)
    if path == "" then return string_keys(declared, {}) end
    local first = path:match("^[^.]+")
    if not declared[first] then return nil end
    local value = values
    for step in path:gmatch("[^.]+") do
        if type(value) ~= "table" then return {} end
        value = rawget(value, step)
    end
    return type(value) == "table" and string_keys(value, {}) or {}
end

-- The methods `receiver:` offers: the functions the value holds and those its metatable's
-- __index tables hold (a string's are the string library's).
local function methods(path)
    local value = environment
    for step in path:gmatch("[^.]+") do
        if type(value) ~= "table" then return {} end
        -- Raw lookups only: completing must not run code a metatable of the user's holds.
        if value == environment then
            value = declared[step] and values[step] or rawget(globals, step)
        else
            value = rawget(value, step)
        end
    end
    local found, seen = {}, {}
    local source = value
    while source ~= nil and not seen[source] do
        seen[source] = true
        if type(source) == "table" then
            for key, member in next, source do
                if type(key) == "string" and type(member) == "function" and not key:match("^__") then
                    found[#found + 1] = key
                end
            end
        end
        local metatable = getmetatable(source)
        source = type(metatable) == "table" and rawget(metatable, "__index") or nil
        if type(source) ~= "table" then source = nil end
    end
    return found
end

-- Showing results --------------------------------------------------------------------------

local function query_collection(value)
    local metatable = getmetatable(value)
    if type(metatable) == "table" and rawget(metatable, "__name") == "ducha.query" then
        return rawget(value, "collection")
    end
end

local function has_tostring(value)
    local metatable = getmetatable(value)
    return type(metatable) == "table" and rawget(metatable, "__tostring") ~= nil
end

local function is_rows(value)
    if type(value) ~= "table" or #value == 0 or getmetatable(value) ~= nil then return false end
    for index = 1, math.min(#value, MAX_ROWS) do
        local row = value[index]
        if type(row) ~= "table" or #row > 0 or next(row) == nil then return false end
    end
    return true
end

local function key_text(key)
    if type(key) == "string" and key:match("^[%a_][%w_]*$") then return key end
    return "[" .. (type(key) == "string" and ("%q"):format(key) or tostring(key)) .. "]"
end

local show

-- Keys in the order people count: k2 before k10.
local function natural(key)
    return (tostring(key):gsub("%d+", function(digits) return ("0"):rep(20 - #digits) .. digits end))
end

local function show_table(value, depth, seen)
    if seen[value] then return "<cycle>" end
    if depth >= MAX_DEPTH then return "{…}" end
    seen[value] = true
    local parts, count = {}, 0
    for index = 1, #value do
        count = count + 1
        if count > MAX_ITEMS then break end
        parts[#parts + 1] = show(value[index], depth + 1, seen)
    end
    local keys = {}
    for key in pairs(value) do
        if not (math.type(key) == "integer" and key >= 1 and key <= #value) then keys[#keys + 1] = key end
    end
    table.sort(keys, function(a, b) return natural(a) < natural(b) end)
    for _, key in ipairs(keys) do
        count = count + 1
        if count > MAX_ITEMS then break end
        parts[#parts + 1] = key_text(key) .. " = " .. show(value[key], depth + 1, seen)
    end
    local total = #value + #keys
    if total > MAX_ITEMS then parts[#parts + 1] = ("… %d more"):format(total - MAX_ITEMS) end
    seen[value] = nil
    return "{ " .. table.concat(parts, ", ") .. " }"
end

-- The columns a query names: its selection, or its grouping then its aggregates.
local function query_columns(query)
    local selection, grouping = rawget(query, "selection"), rawget(query, "grouping")
    if selection or not grouping then return selection end
    local columns, aggregates = table.move(grouping, 1, #grouping, 1, {}), {}
    for name in pairs(rawget(query, "aggregates") or {}) do aggregates[#aggregates + 1] = name end
    table.sort(aggregates)
    return table.move(aggregates, 1, #aggregates, #columns + 1, columns)
end

-- A query as a table of its first rows (its own limit, if lower, wins) and its count.
local function show_query(query)
    local limit = rawget(query, "limit_count")
    local rows = query:limit(math.min(limit or MAX_ROWS, MAX_ROWS)):rows()
    local total = query:count()
    if #rows == 0 then return ("(%d行)"):format(total) end
    local more = total > #rows and ("，显示前%d行"):format(#rows) or ""
    return render_rows(rows, query_columns(query)) .. ("(%d行%s)"):format(total, more)
end

show = function(value, depth, seen)
    if type(value) == "string" then return depth == 0 and value or ("%q"):format(value) end
    local collection = query_collection(value)
    if collection then
        if depth == 0 then return show_query(value) end
        return ("<query %s>"):format(collection)
    end
    if type(value) ~= "table" or has_tostring(value) then return tostring(value) end
    if depth == 0 and is_rows(value) then
        local shown = {}
        for index = 1, math.min(#value, MAX_ROWS) do shown[index] = value[index] end
        local more = #value > MAX_ROWS and ("，显示前%d行"):format(MAX_ROWS) or ""
        return render_rows(shown) .. ("(%d行%s)"):format(#value, more)
    end
    return show_table(value, depth, seen)
end

-- The results of a statement as text, tab-separated.
local function show_results(...)
    local parts = {}
    for index = 1, select("#", ...) do parts[index] = show((select(index, ...)), 0, {}) end
    return table.concat(parts, "\t")
end

return environment, show_results, local_names, methods
