--[=[
领导暗访督导台账 —— 领导带队的“四不两直”和暗访

用法:  ducha run unannounced-visits.lua [-- 领导]
  领导  可选，人员编号或姓名，只列该领导带队的暗访；默认全部领导。
  只列截至 ducha.as_of 当天(含)开始的暗访。

计数口径:
  * 暗访：督查方式为“四不两直”(four_no_two_straight)或“暗访”(unannounced)，
    且带队人员(leader)的角色为领导(role = leader)的督查，每次一条。
  * 暗访场所：该次督查的被督查单位(units)，列出名称和单位类型。
  * 发现问题：该次督查登记的问题(findings.inspection = 该次督查)。
  * 机构：牵头机构，联合督查的注明联合机构(joint_bodies)。
]=]

local report = require "ducha.report"

local leader_arg = ...

local function label(kind, code)
    if code == nil then return "" end
    return ducha.label(kind, code) or code
end

-- Units visited in an inspection: "名称(类型)、…", and the list of kinds.
local function places(inspection_id)
    local names, kinds, seen = {}, {}, {}
    for u in ducha.units:where{ ["inspections.id"] = inspection_id }:order_by("kind", "name")
            :select("name", "kind"):each() do
        local kind = label("unit_kind", u.kind)
        names[#names + 1] = string.format("%s(%s)", u.name, kind)
        if not seen[kind] then
            seen[kind] = true
            kinds[#kinds + 1] = kind
        end
    end
    return table.concat(names, "、"), kinds
end

-- Findings of an inspection: count and "单位：类别" list.
local function findings_of(inspection_id)
    local list = {}
    for f in ducha.findings:where{ inspection = inspection_id }:order_by("id")
            :select("unit.name", "category"):each() do
        list[#list + 1] = string.format("%s：%s", f["unit.name"], label("finding_category", f.category))
    end
    return #list, table.concat(list, "；")
end

local visits = ducha.inspections
    :where{ method = { "four_no_two_straight", "unannounced" }, ["leader.role"] = "leader" }
    :where("started_at", "<=", ducha.as_of)
if leader_arg then
    local person = ducha.people:where_any{ { id = leader_arg }, { name = leader_arg } }:select("id"):first()
    if not person then error("找不到人员：" .. leader_arg, 0) end
    visits = visits:where{ leader = person.id }
end

local rows = {}
local total_findings, all_kinds, kind_seen = 0, {}, {}
for v in visits:order_by("started_at", "id"):select("id", "started_at", "ended_at", "method", "leader.name",
        "leader.title", "body.name", "region.name", "summary", "joint_bodies.name"):each() do
    local place_text, kinds = places(v.id)
    local n, finding_text = findings_of(v.id)
    total_findings = total_findings + n
    for _, kind in ipairs(kinds) do
        if not kind_seen[kind] then
            kind_seen[kind] = true
            all_kinds[#all_kinds + 1] = kind
        end
    end
    local joint = table.concat(v["joint_bodies.name"], "、")
    rows[#rows + 1] = {
        day = v.started_at:sub(1, 10),
        time = v.started_at:sub(12, 16) .. (v.ended_at and ("–" .. v.ended_at:sub(12, 16)) or ""),
        leader = string.format("%s(%s)", v["leader.name"] or "", v["leader.title"] or ""),
        body = v["body.name"] .. (joint ~= "" and ("(联合" .. joint .. ")") or ""),
        method = label("inspection_method", v.method),
        region = v["region.name"] or "",
        places = place_text,
        kinds = #kinds,
        findings = n,
        finding_list = finding_text ~= "" and finding_text or "—",
    }
end

report.title("领导暗访督导台账")
report.text("截至%s，领导带队“四不两直”/暗访%d次，涉及场所类型%d种(%s)，发现问题%d个。",
    ducha.as_of, #rows, #all_kinds, table.concat(all_kinds, "、"), total_findings)
report.table(rows, {
    columns = { "day", "time", "leader", "body", "method", "region", "places", "kinds", "findings", "finding_list" },
    headers = { "日期", "时间", "带队领导", "机构", "方式", "区域", "暗访场所", "场所类型(种)", "发现问题(个)",
                "问题" },
})
