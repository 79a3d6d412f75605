-- Streams every finding into a Lua loop with LuaSQL: the twin of stream-ducha.lua.
local driver = require "luasql.sqlite3"
local environment = driver.sqlite3()
local connection = environment:connect(arg[1])
local cursor = connection:execute("SELECT id, category, found_on, risk FROM findings")
local n, risky, latest = 0, 0, ""
local row = cursor:fetch({}, "a")
while row do
    n = n + 1
    if row.risk == 1 then risky = risky + 1 end
    if row.found_on > latest then latest = row.found_on end
    row = cursor:fetch({}, "a")
end
print(n, risky, latest)
cursor:close()
connection:close()
environment:close()
