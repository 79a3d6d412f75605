--[=[
大事记 —— 疫情防控监督工作按时间排列的重要事件

用法:  ducha run chronicle.lua [-- 起始日期 [截止日期]]
  起始日期  ISO 日期，默认不限。
  截止日期  ISO 日期，默认 ducha.as_of。

收录的事件(按日期、时间排列；只有日期的事件排在当天有时刻的事件之前):
  * 疫情事件(outbreaks)：报告时间、区域、阳性人数；
  * 会议(meetings)、文件/通知(documents)；
  * 督查组/督导组组建(teams.formed_on)，同日同机构同类的合并为一条；
  * 选派/抽调/下沉(deployments.start_on)，含人数与频次；
  * 督查：领导“四不两直”暗访逐次列出(注明暗访场所类型)；其他督查(专项督查、
    暗访、体验式监督等，不含回头看)按“机构、方式、概要”合并，只有一次的列出
    区域与带队领导，多次的列在首次日期并注明次数；
  * 通报(bulletins)：每期一条。
]=]

local report = require "ducha.report"

local from, to = ...
to = to or ducha.as_of

local function label(kind, code)
    if code == nil then return "" end
    return ducha.label(kind, code) or code
end

-- Restrict query `q` to the days from `from` to `to` on field `path` (on a date and
-- time field, `<=` a day takes the whole day).
local function in_period(q, path)
    if from then q = q:where(path, ">=", from) end
    return q:where(path, "<=", to)
end

local events = {}
local function event(when, body, kind, text)
    events[#events + 1] = {
        when = when,
        day = when:sub(1, 10),
        time = when:sub(12, 16),
        body = body or "",
        kind = kind,
        text = text,
    }
end

for r in in_period(ducha.outbreaks, "reported_at"):select("reported_at", "region.name", "positives"):each() do
    event(r.reported_at, "", "疫情", string.format("%s新增报告核酸检测阳性%d例", r["region.name"] or "", r.positives))
end

for r in in_period(ducha.meetings, "held_on"):select("held_on", "body.name", "kind", "title", "chair.name"):each() do
    local chair = r["chair.name"] and ("，" .. r["chair.name"] .. "主持") or ""
    event(r.held_on, r["body.name"], label("meeting_kind", r.kind), (r.title or "") .. chair)
end

for r in in_period(ducha.documents, "issued_on"):select("issued_on", "body.name", "kind", "title"):each() do
    event(r.issued_on, r["body.name"], "印发" .. label("document_kind", r.kind), "《" .. r.title .. "》")
end

-- Teams formed the same day by the same body, of the same kind, make one line.
for _, r in ipairs(in_period(ducha.teams, "formed_on"):group_by("formed_on", "body.name", "kind", "convenor"):agg{
        n = ducha.count(), first_id = ducha.min("id"),
    }:rows()) do
    local name = ducha.teams:where{ id = r.first_id }:select("name"):first().name
    local what = r.n == 1 and name or string.format("%s等%d个", name, r.n)
    event(r.formed_on, r["body.name"], "组建" .. label("team_kind", r.kind),
        string.format("%s(组建方：%s)", what, label("team_convenor", r.convenor)))
end

for r in in_period(ducha.deployments, "start_on"):select("start_on", "body.name", "purpose", "headcount",
        "headcount_qualifier", "cadence", "team.name", "unit.name", "region.name"):each() do
    local qualifier = (r.headcount_qualifier and r.headcount_qualifier ~= "exact")
        and label("headcount_qualifier", r.headcount_qualifier) or ""
    local where = r["team.name"] or r["unit.name"] or r["region.name"] or ""
    local daily = r.cadence == "daily" and "每天" or ""
    event(r.start_on, r["body.name"], label("deployment_purpose", r.purpose),
        string.format("%s选派%d%s人，%s", daily, r.headcount, qualifier, where))
end

-- Names of an inspection's joint bodies, joined with "、".
local function joint_names(inspection_id)
    local inspection = ducha.inspections:where{ id = inspection_id }:select("joint_bodies.name"):first()
    return table.concat(inspection["joint_bodies.name"], "、")
end

-- Leaders' 四不两直 visits: one line each, with the kinds of places visited.
local function unit_kinds(inspection_id)
    local kinds = {}
    for code in pairs(ducha.units:where{ ["inspections.id"] = inspection_id }:count_by("kind")) do
        kinds[#kinds + 1] = label("unit_kind", code)
    end
    table.sort(kinds)
    return table.concat(kinds, "、")
end

local visits = in_period(ducha.inspections, "started_at"):where{ method = "four_no_two_straight" }
for r in visits:select("id", "started_at", "body.name", "leader.name", "region.name"):each() do
    event(r.started_at, r["body.name"], label("inspection_method", "four_no_two_straight"),
        string.format("%s以“四不两直”方式深入%s%s等地暗访督导", r["leader.name"] or "", r["region.name"] or "",
            unit_kinds(r.id)))
end

-- Other inspections: repeated inspections of one body with the same purpose make one line.
local others = in_period(ducha.inspections, "started_at")
    :where("method", "not_in", { "four_no_two_straight", "follow_up" })
for _, r in ipairs(others:group_by("body.name", "method", "summary"):agg{
        n = ducha.count(), first = ducha.min("started_at"), last = ducha.max("started_at"),
        id = ducha.max("id"), region = ducha.max("region.name"), leader = ducha.max("leader.name"),
    }:rows()) do
    local body, text = r["body.name"], r.summary or ""
    if r.n == 1 then
        local joint = joint_names(r.id)
        if joint ~= "" then body = body .. "联合" .. joint end
        local leader = r.leader and (r.leader .. "带队，") or ""
        text = string.format("%s%s：%s", leader, r.region or "", text)
    elseif r.last:sub(1, 10) == r.first:sub(1, 10) then
        text = string.format("%s(当天共%d次)", text, r.n)
    else
        text = string.format("%s(至%s共%d次)", text, r.last:sub(1, 10), r.n)
    end
    event(r.first, body, label("inspection_method", r.method), text)
end

for r in in_period(ducha.bulletins, "issued_on"):select("issued_on", "body.name", "issue_no", "title",
        "cadence"):each() do
    event(r.issued_on, r["body.name"], "通报",
        r.title or string.format("第%d期(%s)", r.issue_no, label("bulletin_cadence", r.cadence)))
end

table.sort(events, function(a, b)
    if a.when ~= b.when then return a.when < b.when end
    if a.body ~= b.body then return a.body < b.body end
    return a.text < b.text
end)

report.title("疫情防控监督工作大事记")
report.text("%s至%s，共%d项。", from or "开始", to, #events)
report.table(events, {
    columns = { "day", "time", "body", "kind", "text" },
    headers = { "日期", "时间", "机构", "事项", "内容" },
})
