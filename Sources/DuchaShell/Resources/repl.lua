-- How the REPL shows values: a query as its first rows and its count, an array of rows
-- as a table aligned for CJK text, other tables readably with depth and item limits
-- and cycles marked. Runs once with the host's row renderer; returns the function that
-- turns a packed list of results into text.
local render_rows = ...

local MAX_DEPTH, MAX_ITEMS, MAX_ROWS = 3, 30, 20

local function is_query(value)
    local metatable = getmetatable(value)
    return type(metatable) == "table" and rawget(metatable, "__name") == "ducha.query"
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
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    for _, key in ipairs(keys) do
        count = count + 1
        if count > MAX_ITEMS then break end
        parts[#parts + 1] = key_text(key) .. " = " .. show(value[key], depth + 1, seen)
    end
    if count > MAX_ITEMS then parts[#parts + 1] = "…" end
    seen[value] = nil
    return "{ " .. table.concat(parts, ", ") .. " }"
end

show = function(value, depth, seen)
    if type(value) == "string" then return depth == 0 and value or ("%q"):format(value) end
    if type(value) ~= "table" then return tostring(value) end
    if is_query(value) then
        local rows = value:limit(MAX_ROWS):rows()
        local total = value:count()
        local more = total > #rows and ("，显示前%d行"):format(#rows) or ""
        return render_rows(rows, rawget(value, "selection")) .. ("(%d行%s)"):format(total, more)
    end
    if depth == 0 and is_rows(value) then
        local shown = {}
        for index = 1, math.min(#value, MAX_ROWS) do shown[index] = value[index] end
        local more = #value > MAX_ROWS and ("，显示前%d行"):format(MAX_ROWS) or ""
        return render_rows(shown) .. ("(%d行%s)"):format(#value, more)
    end
    return show_table(value, depth, seen)
end

return function(results)
    local parts = {}
    for index = 1, results.n do parts[index] = show(results[index], 0, {}) end
    return table.concat(parts, "\t")
end
