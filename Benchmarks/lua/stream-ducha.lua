-- Streams every finding into a Lua loop: the twin of stream-luasql.lua.
local n, risky, latest = 0, 0, ""
for row in ducha.findings:select("id", "category", "found_on", "risk"):each() do
    n = n + 1
    if row.risk then risky = risky + 1 end
    if row.found_on > latest then latest = row.found_on end
end
print(n, risky, latest)
