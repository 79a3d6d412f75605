--[=[
回头看排程 —— 整改问题“回头看”的日程安排

用法:  ducha run follow-up-schedule.lua [-- 起始日期]
  起始日期  ISO 日期(如 2021-08-14)；默认 ducha.as_of。

计数口径:
  * 排程：计划日期(scheduled_on)在起始日期当天或之后的回头看。
  * 应做未做：计划日期早于起始日期、但尚未开展(performed_on 为空)的回头看，
    包括结果登记为“未开展”(not_performed)的。
  * 两类合并后按计划日期分日列示；应做未做的另列一节并标明拖延天数。
]=]

local report = require "ducha.report"

local from = ... or ducha.as_of

local function label(kind, code)
    if code == nil then return "" end
    return ducha.label(kind, code) or code
end

local FIELDS = {
    "id", "scheduled_on", "performed_on", "result",
    "rectification.finding", "rectification.finding.unit.name", "rectification.finding.county.name",
    "rectification.finding.body.name", "rectification.finding.category",
    "rectification.mode", "rectification.status",
}

local function to_row(f, late_days)
    local state
    if f.performed_on then
        state = f.performed_on .. " 已开展(" .. label("follow_up_result", f.result) .. ")"
    elseif late_days and late_days > 0 then
        state = string.format("未开展，已拖延%d天", late_days)
    else
        state = "待开展"
    end
    return {
        id = f.id,
        scheduled_on = f.scheduled_on,
        finding = f["rectification.finding"],
        unit = f["rectification.finding.unit.name"],
        county = f["rectification.finding.county.name"] or "市级/跨县",
        body = f["rectification.finding.body.name"],
        category = label("finding_category", f["rectification.finding.category"]),
        mode = label("rectification_mode", f["rectification.mode"]),
        status = label("rectification_status", f["rectification.status"]),
        state = state,
        performed = f.performed_on ~= nil,
    }
end

local COLUMNS = { "id", "finding", "unit", "county", "body", "category", "mode", "status", "state" }
local HEADERS = { "回头看编号", "问题编号", "被监督单位", "县(区、市)", "发现机构", "问题类别", "整改方式",
                  "整改状态", "开展情况" }

local upcoming = ducha.follow_ups:where("scheduled_on", ">=", from)
local missed = ducha.follow_ups:where("scheduled_on", "<", from):where("performed_on", "is_null")

local days, by_day = {}, {}
local function add(row)
    local day = row.scheduled_on
    if not by_day[day] then
        by_day[day] = {}
        days[#days + 1] = day
    end
    table.insert(by_day[day], row)
end

local missed_rows = {}
for f in missed:order_by("scheduled_on", "id"):select(table.unpack(FIELDS)):each() do
    local row = to_row(f, ducha.days_between(f.scheduled_on, from))
    missed_rows[#missed_rows + 1] = row
    add(row)
end
local upcoming_count = 0
for f in upcoming:order_by("scheduled_on", "id"):select(table.unpack(FIELDS)):each() do
    upcoming_count = upcoming_count + 1
    add(to_row(f))
end
table.sort(days)

report.title("回头看排程")
report.text("自%s起计划开展回头看%d次；此前应做未做%d次。", from, upcoming_count, #missed_rows)

local summary = {}
for _, day in ipairs(days) do
    local pending = 0
    for _, row in ipairs(by_day[day]) do
        if not row.performed then pending = pending + 1 end
    end
    summary[#summary + 1] = { day = day, n = #by_day[day], pending = pending }
end
report.table(summary, { columns = { "day", "n", "pending" }, headers = { "日期", "回头看(次)", "未开展(次)" },
    title = "分日汇总" })

if #missed_rows > 0 then
    report.section("应做未做")
    report.table(missed_rows, { columns = COLUMNS, headers = HEADERS })
end

for _, day in ipairs(days) do
    report.section(day)
    report.table(by_day[day], { columns = COLUMNS, headers = HEADERS })
end
