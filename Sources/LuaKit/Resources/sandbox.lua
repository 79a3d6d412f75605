-- Builds the environments untrusted code runs in (DESIGN.md decision 5).
--
-- Runs once per state, before any untrusted code, with the state's own
-- libraries; returns the function that makes a fresh environment. Nothing
-- an environment can reach is shared writable: library tables are read-only
-- views, the string metatable is locked.
local G, safe_tostring, safe_print, safe_format = ...

local error, type, next, select, rawget, setmetatable, load, collectgarbage =
    G.error, G.type, G.next, G.select, G.rawget, G.setmetatable, G.load, G.collectgarbage

-- Pattern matching cannot be interrupted by the instruction hook, so its
-- inputs are bounded instead.
local MAX_SUBJECT_BYTES = 1 << 20
local MAX_PATTERN_BYTES = 256

local function bounded(name, original)
    return function(subject, pattern, ...)
        if type(subject) == "string" and #subject > MAX_SUBJECT_BYTES then
            error(("bad argument #1 to '%s' (string longer than %d bytes)"):format(name, MAX_SUBJECT_BYTES), 2)
        end
        if type(pattern) == "string" and #pattern > MAX_PATTERN_BYTES then
            error(("bad argument #2 to '%s' (pattern longer than %d bytes)"):format(name, MAX_PATTERN_BYTES), 2)
        end
        return original(subject, pattern, ...)
    end
end

local function copy(library)
    local result = {}
    for name, value in next, library do result[name] = value end
    return result
end

local string_library = copy(G.string)
string_library.dump = nil
string_library.format = safe_format
for _, name in next, { "find", "match", "gmatch", "gsub" } do
    string_library[name] = bounded(name, G.string[name])
end

local string_metatable = G.getmetatable("")
string_metatable.__index = string_library
string_metatable.__metatable = "string"

local libraries = {
    string = string_library,
    table = copy(G.table),
    math = copy(G.math),
    utf8 = copy(G.utf8),
    coroutine = copy(G.coroutine),
    os = { time = G.os.time, date = G.os.date, clock = G.os.clock, difftime = G.os.difftime },
}

local function read_only(library, name)
    return setmetatable({}, {
        __index = library,
        __newindex = function(_, key)
            error(("attempt to modify read-only table '%s' (field '%s')"):format(name, safe_tostring(key)), 2)
        end,
        -- The iterator closes over the library so that the table itself never reaches the script.
        __pairs = function(proxy)
            return function(_, key) return next(library, key) end, proxy, nil
        end,
        __len = function() return #library end,
        __metatable = false,
    })
end

local base_functions = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
    "rawget", "rawlen", "rawset", "select", "tonumber", "type", "xpcall", "_VERSION",
}

local function sandboxed_setmetatable(table, metatable)
    if type(metatable) == "table" and rawget(metatable, "__gc") ~= nil then
        error("bad argument #2 to 'setmetatable' ('__gc' is not allowed here)", 2)
    end
    return setmetatable(table, metatable)
end

local function sandboxed_collectgarbage(option)
    if option ~= "count" then
        error("bad argument #1 to 'collectgarbage' (only \"count\" is allowed here)", 2)
    end
    return collectgarbage("count")
end

return function()
    local environment = {}
    for _, name in next, base_functions do environment[name] = G[name] end
    environment._G = environment
    environment.tostring = safe_tostring
    environment.print = safe_print
    environment.setmetatable = sandboxed_setmetatable
    environment.collectgarbage = sandboxed_collectgarbage
    environment.load = function(chunk, chunk_name, _, ...)
        local chunk_environment = environment
        if select("#", ...) > 0 then chunk_environment = ... end
        return load(chunk, chunk_name, "t", chunk_environment)
    end
    for name, library in next, libraries do environment[name] = read_only(library, name) end
    return environment
end
