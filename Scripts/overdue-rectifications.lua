--[=[
整改逾期清单 —— 超过整改期限仍未整改完成的问题

用法:  ducha run overdue-rectifications.lua [-- 日期]
  日期  ISO 日期(如 2021-08-14)，按该日计算是否逾期；默认 ducha.as_of。

计数口径:
  * 逾期：整改期限(due_on)早于该日，且整改状态不是“已整改”或“已验收”
    (done/verified)，与 rectifications.overdue 的定义一致。
  * 逾期天数 = 该日 − 整改期限(天)。
  * 清单按逾期天数从多到少排列，相同天数按问题编号排列。
]=]

local report = require "ducha.report"

local as_of = ... or ducha.as_of

local function label(kind, code)
    if code == nil then return "" end
    return ducha.label(kind, code) or code
end

if not tostring(as_of):match("^%d%d%d%d%-%d%d%-%d%d$") then
    error("日期格式应为 YYYY-MM-DD：" .. tostring(as_of), 0)
end

local overdue = ducha.rectifications
    :where("due_on", "<", as_of)
    :where("status", "not_in", { "done", "verified" })

local rows = {}
for r in overdue:order_by("due_on", "finding"):select(
        "finding", "finding.unit.name", "finding.county.name", "finding.category", "finding.body.name",
        "mode", "ordered_on", "due_on", "status"):each() do
    rows[#rows + 1] = {
        finding = r.finding,
        unit = r["finding.unit.name"],
        county = r["finding.county.name"] or "市级/跨县",
        category = label("finding_category", r["finding.category"]),
        body = r["finding.body.name"],
        mode = label("rectification_mode", r.mode),
        ordered_on = r.ordered_on,
        due_on = r.due_on,
        days = ducha.days_between(r.due_on, as_of),
        status = label("rectification_status", r.status),
    }
end
table.sort(rows, function(a, b)
    if a.days ~= b.days then return a.days > b.days end
    return a.finding < b.finding
end)

report.title("整改逾期清单")
report.text("截至%s，逾期未整改问题%d个。", as_of, #rows)
if #rows > 0 then
    local by_county = {}
    for _, row in ipairs(rows) do by_county[row.county] = (by_county[row.county] or 0) + 1 end
    local parts = {}
    for county, n in pairs(by_county) do parts[#parts + 1] = string.format("%s%d个", county, n) end
    table.sort(parts)
    report.text("分县(区、市)：%s；最长逾期%d天。", table.concat(parts, "，"), rows[1].days)
    report.table(rows, {
        columns = { "finding", "unit", "county", "category", "body", "mode", "ordered_on", "due_on", "days",
                    "status" },
        headers = { "问题编号", "被监督单位", "县(区、市)", "问题类别", "发现机构", "整改方式", "责令日期",
                    "整改期限", "逾期天数", "整改状态" },
    })
end
