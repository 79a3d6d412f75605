-- A report that does its work in Lua: findings per category and month, with the share
-- of risky ones, built row by row from a stream of every finding. Run as the user's own
-- script and under --sandbox (as plugin code runs) to measure what confinement costs.
local report = require "ducha.report"

local groups, order = {}, {}
for row in ducha.findings:select("category", "found_on", "risk"):each() do
    local key = row.category .. " " .. row.found_on:sub(1, 7)
    local group = groups[key]
    if not group then
        group = { category = row.category, month = row.found_on:sub(1, 7), n = 0, risky = 0 }
        groups[key] = group
        order[#order + 1] = group
    end
    group.n = group.n + 1
    if row.risk then group.risky = group.risky + 1 end
end
table.sort(order, function(a, b)
    if a.month ~= b.month then return a.month < b.month end
    return a.n > b.n
end)
local rows = {}
for _, group in ipairs(order) do
    rows[#rows + 1] = {
        month = group.month,
        category = ducha.label("finding_category", group.category) or group.category,
        n = group.n,
        share = string.format("%.1f%%", group.risky * 100 / group.n),
    }
end
report.title("问题类别按月统计")
report.table(rows, {
    columns = { "month", "category", "n", "share" },
    headers = { "月份", "问题类别", "问题数", "风险隐患占比" },
})
