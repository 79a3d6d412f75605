--[=[
执纪问责统计 —— 查处问题、四种形态处理、约谈、问责，以及主管部门执法措施

用法:  ducha run accountability.lua [-- 机构]
  机构  可选，机构编号或名称；给出时只统计该机构及其派驻纪检监察组
        (不含下属乡镇纪委)，默认统计全市所有机构。
  截止日期为 ducha.as_of(由 --as-of 指定)。

计数口径:
  * 查处问题(个)：立案日期(opened_on)不晚于截止日期的查处问题(cases)；
    不同于督查“发现问题”(findings)和问题线索(clues)，三者不混算。
  * 处理人次：决定日期不晚于截止日期的处理记录(handlings)，按四种形态分列；
    “人数”按处理对象去重。第一种形态再按处理措施分列。
  * 约谈：措施类型为约谈(interview)的处置措施，集体约谈另计，涉及单位按单位去重。
  * 问责：措施类型为问责(accountability)的处置措施，问责人员按人员去重。
  * 纪检监察机关自身措施：未填执行机关(authority)的处置措施；
    主管部门执法措施：填有执行机关的处置措施(如市卫健委的现场关停、行政处罚)，
    两者分开列示，不相加。
]=]

local report = require "ducha.report"

local body_arg = ...
local as_of = ducha.as_of

local function label(kind, code)
    if code == nil then return "" end
    return ducha.label(kind, code) or code
end

-- Ids of a body and its dispatched groups.
local function scope(id_or_name)
    local body = ducha.bodies:where_any{ { id = id_or_name }, { name = id_or_name } }:select("id", "name"):first()
    if not body then error("找不到机构：" .. id_or_name, 0) end
    local ids = {}
    for row in ducha.bodies:where_any{ { id = body.id }, { parent = body.id, kind = "dispatched_group" } }
            :select("id"):each() do
        ids[#ids + 1] = row.id
    end
    return ids, body.name
end

local cases, handlings, measures = ducha.cases, ducha.handlings, ducha.dispositions
local who = "全市纪检监察机关"
if body_arg then
    local ids
    ids, who = scope(body_arg)
    cases = cases:where{ body = ids }
    handlings = handlings:where{ body = ids }
    measures = measures:where{ body = ids }
end
cases = cases:where("opened_on", "<=", as_of)
handlings = handlings:where("decided_on", "<=", as_of)
measures = measures:where("decided_on", "<=", as_of)

local function distinct(q, path)
    local row = q:group_by():agg{ n = ducha.count_distinct(path) }:rows()[1]
    return row and row.n or 0
end

local case_count = cases:count()
local closed = cases:where("closed_on", "not_null"):count()
local first_form = handlings:where{ form = "first" }

report.title("执纪问责统计")
report.text("截至%s，%s查处疫情防控有关问题%d个(已办结%d个)，运用第一种形态处理%d人。",
    as_of, who, case_count, closed, first_form:count())

-- Cases by investigating body.
report.section("查处问题")
local case_rows = {}
for _, row in ipairs(cases:group_by("body.name"):agg{
        n = ducha.count(), last = ducha.max("opened_on"),
    }:order_by("-n", "body.name"):rows()) do
    case_rows[#case_rows + 1] = { body = row["body.name"], n = row.n, last = row.last }
end
report.table(case_rows, { columns = { "body", "n", "last" }, headers = { "查处机构", "查处问题(个)", "最近立案" } })

report.section("四种形态")
local form_rows = {}
for _, row in ipairs(handlings:group_by("form"):agg{
        n = ducha.count(), persons = ducha.count_distinct("subject"),
    }:order_by("form"):rows()) do
    form_rows[#form_rows + 1] = { form = label("four_forms", row.form), n = row.n, persons = row.persons }
end
report.table(form_rows, { columns = { "form", "n", "persons" }, headers = { "形态", "处理(人次)", "处理(人)" } })
local measure_rows = {}
for _, row in ipairs(first_form:group_by("measure"):agg{ n = ducha.count() }:order_by("-n", "measure"):rows()) do
    measure_rows[#measure_rows + 1] = { measure = label("handling_measure", row.measure), n = row.n }
end
report.table(measure_rows, { columns = { "measure", "n" }, headers = { "第一种形态处理措施", "人次" } })

report.section("约谈与问责")
local interviews = measures:where{ kind = "interview" }
local collective = interviews:where{ collective = true }
report.text("约谈%d次(其中集体约谈%d次，涉及单位%d家)；问责%d次，问责人员%d名。",
    interviews:count(), collective:count(), distinct(collective, "units"),
    measures:where{ kind = "accountability" }:count(), distinct(measures:where{ kind = "accountability" }, "subjects"))

local function measure_table(q, title, with_authority)
    local rows = {}
    local groups = with_authority and { "authority", "kind" } or { "kind" }
    for _, row in ipairs(q:group_by(table.unpack(groups)):agg{
            n = ducha.count(), units = ducha.count_distinct("units"), subjects = ducha.count_distinct("subjects"),
        }:order_by(table.unpack(groups)):rows()) do
        rows[#rows + 1] = { authority = row.authority, kind = label("disposition_kind", row.kind),
                            n = row.n, units = row.units, subjects = row.subjects }
    end
    local columns = { "kind", "n", "units", "subjects" }
    local headers = { "措施类型", "措施(件)", "涉及单位(家)", "涉及人员(名)" }
    if with_authority then
        table.insert(columns, 1, "authority")
        table.insert(headers, 1, "执行机关")
    end
    report.table(rows, { columns = columns, headers = headers, title = title })
end

measure_table(measures:where("authority", "is_null"), "纪检监察机关自身措施", false)
report.section("主管部门执法措施")
report.text("以下措施由主管部门依法执行，纪检监察机关督促推动，不计入纪检监察机关自身措施。")
measure_table(measures:where("authority", "not_null"), "按执行机关", true)
