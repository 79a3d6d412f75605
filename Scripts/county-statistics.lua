--[=[
分县(区、市)统计 —— 各县(区、市)督查、发现问题与整改情况

用法:  ducha run county-statistics.lua [--as-of 日期]
  不接受参数；逾期按 ducha.as_of 计算。

计数口径:
  * 督查(次)：督查区域所在县(区、市)为该县的督查次数(inspections.county)。
    督查区域为全市或未填的督查，列为“市级/跨县”。
  * 发现问题(个)：被监督单位所在县(区、市)为该县的问题数(findings.county)。
  * 已整改(个)：问题的整改状态为“已整改”或“已验收”(done/verified)。
  * 逾期(个)：整改期限早于 as-of 日期且尚未整改完成的问题(rectifications.overdue)。
  * 整改率 = 已整改 / 发现问题，保留一位小数。
]=]

local report = require "ducha.report"

local OTHER = "市级/跨县"

local function rate(part, whole)
    if whole == 0 then return 0 end
    return math.floor(part * 1000 / whole + 0.5) / 10
end

-- Map county name -> row of `agg`, for a query grouped by `path`.
local function by_county(query, path, agg)
    local map = {}
    for _, row in ipairs(query:group_by(path):agg(agg):rows()) do
        map[row[path] or OTHER] = row
    end
    return map
end

local inspections = by_county(ducha.inspections, "county.name", { n = ducha.count() })
local findings = by_county(ducha.findings, "county.name", {
    n = ducha.count(),
    done = ducha.count{ ["rectification.status"] = { "done", "verified" } },
    overdue = ducha.count{ ["rectification.overdue"] = true },
})

-- One row per county-level region (the regions directly under the city), plus city-wide work.
local names = {}
for row in ducha.regions:where{ ["parent.level"] = "city" }:select("name"):each() do
    names[#names + 1] = row.name
end
if inspections[OTHER] or findings[OTHER] then names[#names + 1] = OTHER end

local rows = {}
local total = { county = "合计", inspections = 0, findings = 0, done = 0, overdue = 0 }
for _, name in ipairs(names) do
    local f = findings[name] or { n = 0, done = 0, overdue = 0 }
    local row = {
        county = name,
        inspections = inspections[name] and inspections[name].n or 0,
        findings = f.n,
        done = f.done,
        overdue = f.overdue,
        rate = rate(f.done, f.n),
    }
    rows[#rows + 1] = row
    for _, key in ipairs{ "inspections", "findings", "done", "overdue" } do
        total[key] = total[key] + row[key]
    end
end
table.sort(rows, function(a, b)
    if (a.county == OTHER) ~= (b.county == OTHER) then return b.county == OTHER end
    if a.findings ~= b.findings then return a.findings > b.findings end
    return a.county < b.county
end)
total.rate = rate(total.done, total.findings)

report.title("分县(区、市)统计")
report.text("截至%s，全市开展督查%d次，发现问题%d个，已整改%d个，整改率%g%%，逾期未整改%d个。",
    ducha.as_of, total.inspections, total.findings, total.done, total.rate, total.overdue)

local with_total = {}
for i, row in ipairs(rows) do with_total[i] = row end
with_total[#with_total + 1] = total
report.table(with_total, {
    columns = { "county", "inspections", "findings", "done", "overdue", "rate" },
    headers = { "县(区、市)", "督查(次)", "发现问题(个)", "已整改(个)", "逾期(个)", "整改率(%)" },
    title = "各县(区、市)督查与整改情况",
})

report.chart.bar(rows, { label = "county", value = "findings", title = "各县(区、市)发现问题数", unit = "个" })
report.chart.bar(rows, { label = "county", value = "overdue", title = "各县(区、市)逾期未整改问题数", unit = "个" })
