--[=[
选派/抽调/下沉情况 —— 各级纪检监察机关选派干部参与疫情防控

用法:  ducha run deployments.lua [-- 机构]
  机构  可选，机构编号或名称，只列该机构的选派；默认全部机构。
  截止日期为 ducha.as_of(由 --as-of 指定)，用于计算在岗天数。

计数口径:
  * 人数：每次选派登记的人数(headcount)，带人数限定：“余”(at_least)、
    “多”(more_than)写在数字之后，如“20余人”；确数不加。
  * 频次：“每日”(daily)表示每天选派这么多人，“一次”(once)或未填表示一次性选派。
  * 期间：开始日期至结束日期；未结束的截至 as-of 日期。
  * 累计人次：每日选派 = 人数 × 在岗天数；一次性选派 = 人数。
  * 按机构、用途汇总时人数直接相加；含“余”“多”的合计同样标注“余”。
]=]

local report = require "ducha.report"

local body_arg = ...
local as_of = ducha.as_of

local function label(kind, code)
    if code == nil then return "" end
    return ducha.label(kind, code) or code
end

-- "20余人", "4人".
local function headcount_text(n, qualifier)
    if qualifier and qualifier ~= "exact" then
        return string.format("%d%s人", n, label("headcount_qualifier", qualifier))
    end
    return string.format("%d人", n)
end

-- Days on duty between start and end (or the as-of date), inclusive; 0 if not started.
local function days_on_duty(start_on, end_on)
    if not start_on then return 0 end
    local last = end_on
    if not last or last > as_of then last = as_of end
    return math.max(0, ducha.days_between(start_on, last) + 1)
end

local deployments = ducha.deployments
if body_arg then
    local body = ducha.bodies:where_any{ { id = body_arg }, { name = body_arg } }:select("id"):first()
    if not body then error("找不到机构：" .. body_arg, 0) end
    deployments = deployments:where{ body = body.id }
end

local rows, totals, order = {}, {}, {}
for d in deployments:order_by("start_on", "id"):select("id", "body.name", "purpose", "headcount",
        "headcount_qualifier", "cadence", "team.name", "unit.name", "region.name", "start_on", "end_on"):each() do
    local days = days_on_duty(d.start_on, d.end_on)
    local person_days = d.cadence == "daily" and d.headcount * days or d.headcount
    rows[#rows + 1] = {
        body = d["body.name"],
        purpose = label("deployment_purpose", d.purpose),
        headcount = headcount_text(d.headcount, d.headcount_qualifier),
        cadence = d.cadence and label("cadence", d.cadence) or "一次",
        place = d["team.name"] or d["unit.name"] or d["region.name"] or "",
        period = string.format("%s至%s", d.start_on or "", d.end_on or "今"),
        days = days,
        person_days = person_days,
    }
    local key = d["body.name"] .. "\0" .. d.purpose
    if not totals[key] then
        totals[key] = { body = d["body.name"], purpose = label("deployment_purpose", d.purpose), n = 0,
                        count = 0, approx = false, person_days = 0 }
        order[#order + 1] = key
    end
    local t = totals[key]
    t.count = t.count + 1
    t.n = t.n + d.headcount
    t.person_days = t.person_days + person_days
    t.approx = t.approx or (d.headcount_qualifier ~= nil and d.headcount_qualifier ~= "exact")
end

local summary = {}
for _, key in ipairs(order) do
    local t = totals[key]
    summary[#summary + 1] = {
        body = t.body, purpose = t.purpose, count = t.count,
        headcount = t.approx and string.format("%d余人", t.n) or string.format("%d人", t.n),
        person_days = t.person_days,
    }
end
table.sort(summary, function(a, b)
    if a.body ~= b.body then return a.body < b.body end
    return a.purpose < b.purpose
end)

report.title("选派/抽调/下沉情况")
report.text("截至%s，共登记选派%d次。", as_of, #rows)
report.table(summary, {
    columns = { "body", "purpose", "count", "headcount", "person_days" },
    headers = { "选派机构", "用途", "选派(次)", "人数", "累计人次" },
    title = "按机构和用途汇总",
})
report.table(rows, {
    columns = { "body", "purpose", "headcount", "cadence", "place", "period", "days", "person_days" },
    headers = { "选派机构", "用途", "人数", "频次", "去向", "期间", "在岗天数", "累计人次" },
    title = "选派明细",
})
