--[=[
派驻纪检监察组行业(系统)监督报告

用法:  ducha run sector-report.lua [-- 机构]
  机构  派驻纪检监察组的编号或名称，默认 驻市卫健委纪检监察组(body:city-health-group)。

计数口径:
  * 督查单位：该组牵头的督查(inspections.body = 该组)中被督查单位(units)，
    按单位去重，分单位类型统计。
  * 风险问题：该组发现(findings.body = 该组)且标记为风险隐患(risk)的问题。
  * 现场关停、行政处罚等：该组作出(dispositions.body = 该组)的处置措施，
    按执行机关(authority)分列，机构数按涉及单位去重；执行机关为其他部门的措施
    与纪检监察组自身措施分开列示。
  * 问责人员：该组作出的问责措施涉及的人员，按人员去重。
]=]

local report = require "ducha.report"

local body_arg = ... or "body:city-health-group"

local function label(kind, code)
    if code == nil then return "" end
    return ducha.label(kind, code) or code
end

local function find_body(id_or_name)
    local body = ducha.bodies:where_any{ { id = id_or_name }, { name = id_or_name } }
        :select("id", "name", "kind", "host_unit.name", "parent.name"):first()
    if not body then error("找不到机构：" .. id_or_name, 0) end
    return body
end

-- Number of distinct values of `path` over the rows of query `q`.
local function distinct(q, path)
    local row = q:group_by():agg{ n = ducha.count_distinct(path) }:rows()[1]
    return row and row.n or 0
end

-- Rows { label = ..., n = ... } from a count_by map, labelled and sorted by count.
local function labelled_counts(map, kind)
    local rows = {}
    for code, n in pairs(map) do
        rows[#rows + 1] = { code = code, label = kind and label(kind, code) or code, n = n }
    end
    table.sort(rows, function(a, b)
        if a.n ~= b.n then return a.n > b.n end
        return a.code < b.code
    end)
    return rows
end

local group = find_body(body_arg)
local inspections = ducha.inspections:where{ body = group.id }
local units = ducha.units:where{ ["inspections.body"] = group.id }
local findings = ducha.findings:where{ body = group.id }
local measures = ducha.dispositions:where{ body = group.id }

report.title(group.name .. "疫情防控监督检查情况")
if group.kind ~= "dispatched_group" then
    report.text("注意：%s不是派驻纪检监察组(机构类型：%s)。", group.name, label("body_kind", group.kind))
end
if group["host_unit.name"] then
    report.text("派驻单位：%s；上级机构：%s。", group["host_unit.name"], group["parent.name"] or "")
end

report.section("监督检查")
local span = inspections:group_by():agg{ first = ducha.min("started_at"), last = ducha.max("started_at") }:rows()[1]
report.text("共牵头开展督查%d次(%s至%s)，督查单位%d个。", inspections:count(),
    (span.first or ""):sub(1, 10), (span.last or ""):sub(1, 10), units:count())
report.table(labelled_counts(units:count_by("kind"), "unit_kind"), {
    columns = { "label", "n" }, headers = { "单位类型", "督查单位(个)" }, title = "督查单位按类型",
})

report.section("发现问题")
local risk = findings:where{ risk = true }
local rectified = findings:where{ ["rectification.status"] = { "done", "verified" } }:count()
report.text("发现问题%d个，其中风险问题%d个；已整改%d个，逾期未整改%d个。", findings:count(), risk:count(),
    rectified, findings:where{ ["rectification.overdue"] = true }:count())
report.table(labelled_counts(findings:count_by("category"), "finding_category"), {
    columns = { "label", "n" }, headers = { "问题类别", "问题数(个)" }, title = "问题按类别",
})

report.section("处置措施")
local by_authority = {}
for _, row in ipairs(measures:group_by("kind", "authority"):agg{
        n = ducha.count(), units = ducha.count_distinct("units"), subjects = ducha.count_distinct("subjects"),
    }:order_by("kind", "authority"):rows()) do
    by_authority[#by_authority + 1] = {
        kind = label("disposition_kind", row.kind),
        authority = row.authority or (group.name .. "(本组)"),
        n = row.n, units = row.units, subjects = row.subjects,
    }
end
report.table(by_authority, {
    columns = { "kind", "authority", "n", "units", "subjects" },
    headers = { "措施类型", "执行机关", "措施(件)", "涉及单位(家)", "涉及人员(名)" },
    title = "处置措施按执行机关",
})
local closures = measures:where{ kind = "on_site_closure" }
local penalties = measures:where{ kind = "admin_penalty" }
report.text("由执行机关依法现场关停违规机构%d家，行政处罚机构%d家(以上为主管部门执法措施，不计入纪检监察组自身措施)。",
    distinct(closures, "units"), distinct(penalties, "units"))

report.section("问责处理")
local accountability = measures:where{ kind = "accountability" }
local persons = distinct(accountability, "subjects")
report.text("对%d名责任人员进行了问责处理。", persons)
local modes = {}
for _, row in ipairs(accountability:group_by("accountability_mode"):agg{
        n = ducha.count(), persons = ducha.count_distinct("subjects"),
    }:order_by("-persons"):rows()) do
    modes[#modes + 1] = { mode = label("accountability_mode", row.accountability_mode), n = row.n,
                          persons = row.persons }
end
report.table(modes, {
    columns = { "mode", "n", "persons" }, headers = { "问责方式", "问责决定(件)", "问责人员(名)" },
    title = "问责方式",
})
local posts = ducha.subjects:where{ ["dispositions.body"] = group.id, ["dispositions.kind"] = "accountability" }
report.table(labelled_counts(posts:count_by("post")), {
    columns = { "label", "n" }, headers = { "职务", "人数" }, title = "被问责人员职务",
})
