--[=[
一日一通报(第N期) —— 某机构某一天的疫情防控监督检查通报

用法:  ducha run daily-bulletin.lua [-- 机构 [日期]]
  机构  机构编号或名称，默认 桃江县纪委监委(body:taojiang)。
  日期  ISO 日期(如 2021-08-10)，默认 ducha.as_of。

计数口径:
  * 期号：该机构当天在“通报”(bulletins)中登记的期号；当天没有登记通报时，
    按该机构截至前一天已发通报的期数加一，标为“拟编”。
  * 当天发现问题：发现机构为该机构或其派驻纪检监察组、发现日期为当天的问题。
  * 整改方式、整改状态取自每个问题的整改记录；“回头看”取该整改最近一次回头看。
  * 立行立改率 = 整改方式为立行立改的问题数 / 当天发现问题数。
]=]

local report = require "ducha.report"

local body_arg, day = ...
body_arg = body_arg or "body:taojiang"
day = day or ducha.as_of

local function label(kind, code)
    if code == nil then return "" end
    return ducha.label(kind, code) or code
end

-- A body given its id or its name.
local function find_body(id_or_name)
    local body = ducha.bodies:where_any{ { id = id_or_name }, { name = id_or_name } }
        :select("id", "name"):first()
    if not body then error("找不到机构：" .. id_or_name, 0) end
    return body
end

-- Ids of a body and its dispatched groups.
local function scope(body_id)
    local ids = {}
    for row in ducha.bodies:where_any{ { id = body_id }, { parent = body_id, kind = "dispatched_group" } }
            :select("id"):each() do
        ids[#ids + 1] = row.id
    end
    return ids
end

-- The latest follow-up of a rectification, as "日期 结果" text.
local function follow_up_text(rectification_id)
    if not rectification_id then return "" end
    local fu = ducha.follow_ups:where{ rectification = rectification_id }
        :order_by("-scheduled_on"):select("scheduled_on", "performed_on", "result"):first()
    if not fu then return "" end
    if fu.performed_on then
        return fu.performed_on .. " " .. label("follow_up_result", fu.result)
    end
    return fu.scheduled_on .. " 待开展"
end

local body = find_body(body_arg)
local bodies = scope(body.id)

-- The issue number: the registered bulletin of that day, else the next in the series.
local bulletin = ducha.bulletins:where{ body = body.id, issued_on = day }
    :select("id", "issue_no", "title", "series", "distribution"):first()
local issue_no, issue_note
if bulletin then
    issue_no, issue_note = bulletin.issue_no, ""
else
    issue_no = ducha.bulletins:where{ body = body.id }:where("issued_on", "<", day):count() + 1
    issue_note = "(拟编，当天未登记通报)"
end

local findings = ducha.findings:where{ body = bodies, found_on = day }
local rows = {}
local immediate = 0
for f in findings:order_by("id")
        :select("id", "unit.name", "unit.kind", "county.name", "category", "description",
                "rectification.id", "rectification.mode", "rectification.status", "rectification.due_on")
        :each() do
    if f["rectification.mode"] == "immediate" then immediate = immediate + 1 end
    rows[#rows + 1] = {
        id = f.id,
        unit = f["unit.name"],
        unit_kind = label("unit_kind", f["unit.kind"]),
        county = f["county.name"] or "",
        category = label("finding_category", f.category),
        description = f.description or "",
        mode = label("rectification_mode", f["rectification.mode"]),
        status = label("rectification_status", f["rectification.status"]),
        due = f["rectification.due_on"] or "",
        follow_up = follow_up_text(f["rectification.id"]),
    }
end

report.title(string.format("%s疫情防控监督检查一日一通报(第%d期)%s", body.name, issue_no, issue_note))
report.text("通报日期：%s。", day)
if bulletin then
    report.text("通报标题：%s；通报范围：%s。", bulletin.title or "",
        label("bulletin_distribution", bulletin.distribution))
end

if #rows == 0 then
    report.text("当天未发现问题。")
else
    report.text("当天督查发现问题%d个，其中立行立改%d个(%.0f%%)。", #rows, immediate, immediate * 100 / #rows)
    report.table(rows, {
        columns = { "id", "unit", "unit_kind", "county", "category", "description", "mode", "status", "due",
                    "follow_up" },
        headers = { "编号", "被监督单位", "单位类型", "县(区、市)", "问题类别", "问题描述", "整改方式", "整改状态",
                    "整改期限", "回头看" },
        title = "当天发现问题",
    })
end

-- Units named in the bulletin but whose problems were found on other days.
if bulletin then
    local earlier = ducha.findings:where{ ["bulletins.id"] = bulletin.id }:where("found_on", "~=", day)
    if earlier:count() > 0 then
        report.table(earlier:select("id", "unit.name", "found_on"), {
            columns = { "id", "unit.name", "found_on" },
            headers = { "编号", "被监督单位", "发现日期" },
            title = "本期通报的往日问题",
        })
    end
end
