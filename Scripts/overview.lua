--[[
综述 —— 全市纪检监察机关疫情防控监督工作总体数据

用法:  ducha run overview.lua [--as-of 2021-08-14]
  不接受参数；截止日期为 ducha.as_of(由 --as-of 指定，默认工作区的日期)。

本报告从数据中重新计算《扛起监督责任 筑牢疫情防线》一文的各项数字(Q01–Q37)，
不写死任何数值。计数口径：
  * 归属于某个纪委监委的数字，统计 body 为该机关本身或其派驻纪检监察组
    (kind = dispatched_group 且 parent 为该机关)的记录，不含其下属乡镇纪委。
  * “督查(检查)了某单位”指该单位在某次督查的 units(被督查单位)之中；
    单位数按不同单位计(同一单位多次被督查只算一次)。
  * Q13–Q18：驻市卫健委纪检监察组牵头的督查与其作出的处置措施
    (现场关停、行政处罚以执行机关“市卫健委”计，按涉及单位去重；
    问责人数按问责措施涉及人员去重)。
  * Q29 为沅江市纪委监委牵头组建的专项督查组；Q30–Q32 为这些督查组的督查
    所覆盖的乡镇(街道、中心)、重点小区和大型商超。
  * Q34 为截止日期前立案的查处问题数；Q35 为第一种形态处理人次；
    Q37 为桃江县内角色为村级纪检员的人员数。
  * Q27 以三个比例表示：每天一期通报、问题全部立行立改、整改后隔天回头看。
]]

local report = require "ducha.report"

local as_of = ducha.as_of

-- Ids of a commission and its dispatched groups (not its township commissions).
local function scope(body_id)
    local ids = {}
    local q = ducha.bodies:where_any{
        { id = body_id },
        { parent = body_id, kind = "dispatched_group" },
    }
    for row in q:select("id"):each() do ids[#ids + 1] = row.id end
    return ids
end

-- The id of a body given its name.
local function body_id(name)
    local row = ducha.bodies:where{ name = name }:select("id"):first()
    assert(row, "找不到机构：" .. name)
    return row.id
end

-- Number of distinct values of `path` over the rows of query `q`.
local function distinct(q, path)
    local row = q:group_by():agg{ n = ducha.count_distinct(path) }:rows()[1]
    return row and row.n or 0
end

local function percent(part, whole)
    if whole == 0 then return 0 end
    return math.floor(part * 1000 / whole + 0.5) / 10
end

local city = scope(body_id("益阳市纪委监委"))
local health = scope(body_id("驻市卫健委纪检监察组"))
local industry = scope(body_id("驻市工信局纪检监察组"))
local heshan = scope(body_id("赫山区纪委监委"))
local ziyang = scope(body_id("资阳区纪委监委"))
local anhua_id = body_id("安化县纪委监委")
local anhua = scope(anhua_id)
local yuanjiang_id = body_id("沅江市纪委监委")
local yuanjiang = scope(yuanjiang_id)
local taojiang = scope(body_id("桃江县纪委监委"))

local figures = {}
local function figure(id, text, value)
    figures[#figures + 1] = { id = id, text = text, value = value }
    return value
end

-- Q01–Q12: the first two weeks, event by event --------------------------------
local outbreak = ducha.outbreaks:where("reported_at", "like", "2021-07-30%")
    :group_by():agg{ n = ducha.sum("positives") }:rows()[1]
figure("Q01", "7月30日报告核酸检测阳性人数", outbreak.n or 0)
figure("Q02", "7月31日市纪委常委会议(次)",
    ducha.meetings:where{ kind = "standing_committee", held_on = "2021-07-31", body = city }:count())
figure("Q03", "8月1日市纪委监委督查组赫山区重点场所专项督查(次)",
    ducha.inspections:where{ body = city, method = "special", focus = "key_places", ["county.name"] = "赫山区" }
        :where("team", "not_null"):where("started_at", "like", "2021-08-01%"):count())
local visit_0801 = ducha.inspections:where{ body = city, method = "four_no_two_straight" }
    :where("started_at", "like", "2021-08-01%")
figure("Q04", "8月1日晚“四不两直”暗访(次)", visit_0801:count())
figure("Q04", "其中暗访场所类型(种)", distinct(visit_0801, "units.kind"))
local stationed = ducha.inspections:where{ body = city, method = "stationed" }
figure("Q05", "驻点督导赫山区街道(个)", distinct(stationed:where{ ["region.level"] = "street" }, "region"))
local embedded = ducha.deployments:where{ body = city, purpose = "embed_party_team" }
figure("Q06", "选派骨干参加市委督导组(人)",
    embedded:group_by():agg{ n = ducha.sum("headcount") }:rows()[1].n or 0)
figure("Q06", "参加的市委督导组(个)", distinct(embedded, "team"))
local team_ids = {}
for row in embedded:select("team"):each() do team_ids[#team_ids + 1] = row.team end
figure("Q06", "督导组督导的县(区、市)(个)",
    distinct(ducha.inspections:where{ team = team_ids }, "county"))
local daily = ducha.deployments:where{ body = city, purpose = "joint_prevention", cadence = "daily" }
figure("Q07", "每天抽调到东风岭社区联防联控(人)",
    daily:group_by():agg{ n = ducha.sum("headcount") }:rows()[1].n or 0)
local gaoxin_findings = ducha.findings:where{ body = city, ["county.name"] = "益阳高新区" }
figure("Q08", "高新区“红码”人员脱管问题(个)", gaoxin_findings:where{ category = "red_code_unmanaged" }:count())
figure("Q08", "高新区“黄码”人员未及时核酸检测问题(个)",
    gaoxin_findings:where{ category = "yellow_code_untested" }:count())
figure("Q09", "8月7日集体约谈单位(家)",
    distinct(ducha.dispositions:where{ body = city, kind = "interview", collective = true,
        decided_on = "2021-08-07" }, "units"))
figure("Q10", "8月8日再次“四不两直”暗访(次)",
    ducha.inspections:where{ body = city, method = "four_no_two_straight" }
        :where("started_at", "like", "2021-08-08%"):count())
figure("Q11", "第一监督检查室联合党风政风监督室暗访桃江县(次)",
    ducha.inspections:where{ body = body_id("市纪委监委第一监督检查室"), method = "unannounced",
        joint_bodies = body_id("市纪委监委党风政风监督室"), ["county.name"] = "桃江县" }:count())
figure("Q12", "8月11日形式主义官僚主义问题通知(份)",
    ducha.documents:where{ body = city, kind = "notice", issued_on = "2021-08-11" }:count())
figure("Q12", "通知列明的形式主义官僚主义问题类型(类)", #ducha.codes("formalism_type"))

-- Q13–Q19: the city's dispatched groups ----------------------------------------
local health_inspected = ducha.units:where{ ["inspections.body"] = health }
figure("Q13", "驻市卫健委纪检监察组督查县级卫生健康行政部门(个)",
    health_inspected:where{ kind = "health_admin_dept" }:count())
figure("Q14", "驻市卫健委纪检监察组督查医疗机构(家)",
    health_inspected:where{ kind = "medical_institution" }:count())
figure("Q15", "发现并反馈风险问题(个)", ducha.findings:where{ body = health, risk = true }:count())
local health_measures = ducha.dispositions:where{ body = health }
figure("Q16", "依法现场关停违规医疗机构(家，执行机关市卫健委)",
    distinct(health_measures:where{ kind = "on_site_closure", authority = "市卫健委" }, "units"))
figure("Q17", "行政处罚医疗机构(家，执行机关市卫健委)",
    distinct(health_measures:where{ kind = "admin_penalty", authority = "市卫健委" }, "units"))
figure("Q18", "问责处理责任人员(名)", distinct(health_measures:where{ kind = "accountability" }, "subjects"))
local feedback_ids = {}
for row in ducha.dispositions:where{ body = industry, kind = "feedback", authority = "市工信局" }:select("id"):each() do
    feedback_ids[#feedback_ids + 1] = row.id
end
figure("Q19", "驻市工信局纪检监察组发现物资申报使用程序繁杂问题并反馈市工信局(个)",
    ducha.findings:where{ body = industry, category = "supplies_procedure", ["dispositions.id"] = feedback_ids }
        :count())

-- Q20–Q32: county commissions --------------------------------------------------
figure("Q20", "赫山区纪委监委院感防护专项督查城区医疗机构(处)",
    distinct(ducha.inspections:where{ body = heshan, focus = "infection_control" }, "units"))
local ziyang_inspections = ducha.inspections:where{ body = ziyang }
figure("Q21", "资阳区纪委监委督查医疗卫生机构(个)", distinct(ziyang_inspections, "units"))
figure("Q22", "资阳区纪委监委体验式监督轮次(轮)",
    distinct(ziyang_inspections:where{ method = "experiential" }, "round"))
figure("Q23", "资阳区纪委监委下发通报(期)", ducha.bulletins:where{ body = ziyang }:count())
figure("Q24", "安化县纪委监委派驻纪检监察组(个)",
    ducha.bodies:where{ parent = anhua_id, kind = "dispatched_group" }:count())
figure("Q25", "安化县纪委监委开展督查(次)", ducha.inspections:where{ body = anhua }:count())
local anhua_findings = ducha.findings:where{ body = anhua }
figure("Q26", "安化县发现问题(个)", anhua_findings:count())
figure("Q26", "其中已整改(个)", anhua_findings:where{ ["rectification.status"] = { "done", "verified" } }:count())

-- Q27: Taojiang's routine: a bulletin a day, immediate rectification, next-day follow-up.
local tj_bulletins = ducha.bulletins:where{ body = taojiang, cadence = "daily" }:where("issued_on", "<=", as_of)
local first_bulletin = tj_bulletins:order_by("issued_on"):select("issued_on"):first()
local bulletin_days = distinct(tj_bulletins, "issued_on")
local span = first_bulletin and (ducha.days_between(first_bulletin.issued_on, as_of) + 1) or 0
local tj_rect = ducha.rectifications:where{ ["finding.body"] = taojiang }
figure("Q27", "桃江县发现问题立行立改占比(%)", percent(tj_rect:where{ mode = "immediate" }:count(), tj_rect:count()))
local next_day, followed = 0, 0
for row in ducha.follow_ups:where{ ["rectification.finding.body"] = taojiang }
        :select("scheduled_on", "rectification.ordered_on"):each() do
    followed = followed + 1
    if ducha.days_between(row["rectification.ordered_on"], row.scheduled_on) == 1 then
        next_day = next_day + 1
    end
end
figure("Q27", "桃江县整改问题隔天“回头看”占比(%)", percent(next_day, followed))
figure("Q27", "桃江县一日一通报：有通报的天数占比(%)", percent(bulletin_days, span))
figure("Q27", "桃江县一日一通报：已发通报(期)", tj_bulletins:count())

local yj_deployed = ducha.deployments:where{ body = yuanjiang }
figure("Q28", "沅江市纪委监委抽调纪检监察干部(名)",
    yj_deployed:group_by():agg{ n = ducha.sum("headcount") }:rows()[1].n or 0)
local yj_teams = ducha.teams:where{ body = yuanjiang_id, kind = "special_inspection" }
figure("Q29", "沅江市纪委监委成立疫情防控专项督查组(个)", yj_teams:count())
local yj_team_ids = {}
for row in yj_teams:select("id"):each() do yj_team_ids[#yj_team_ids + 1] = row.id end
local yj_inspections = ducha.inspections:where{ team = yj_team_ids }
figure("Q30", "专项督查组深入乡镇(街道、中心)(个)",
    distinct(yj_inspections:where{ ["region.level"] = { "township", "street", "center" } }, "region"))
local yj_units = ducha.units:where{ ["inspections.team"] = yj_team_ids }
figure("Q31", "专项督查组督查城区重点小区(个)", yj_units:where{ kind = "residential_compound" }:count())
figure("Q32", "专项督查组督查大型商超(个)", yj_units:where{ kind = "mall" }:count())

-- Q34–Q37: citywide enforcement and people --------------------------------------
local cases = figure("Q34", "全市查处疫情防控有关问题(个)",
    ducha.cases:where("opened_on", "<=", as_of):count())
local first_form = figure("Q35", "运用第一种形态处理(人)",
    ducha.handlings:where{ form = "first" }:where("decided_on", "<=", as_of):count())
local volunteers = ducha.deployments:where{ body = heshan, purpose = "mass_testing" }
local vol = volunteers:select("headcount_qualifier"):first()
local qualifier = ""
if vol and vol.headcount_qualifier and vol.headcount_qualifier ~= "exact" then
    qualifier = ducha.label("headcount_qualifier", vol.headcount_qualifier)
end
figure("Q36", "赫山区纪委监委纪检监察干部参加全员核酸检测志愿服务(" .. qualifier .. "人)",
    volunteers:group_by():agg{ n = ducha.sum("headcount") }:rows()[1].n or 0)
figure("Q37", "桃江县村级纪检员(名)",
    ducha.people:where{ role = "village_inspector", ["body.county.name"] = "桃江县" }:count())
-- The model keeps no count of households visited: the inspection's summary says it.
local visit = ducha.inspections
    :where{ focus = "vaccination", ["leader.role"] = "village_inspector", ["leader.body.county.name"] = "桃江县" }
    :select("summary"):first()
local households = visit and tonumber(visit.summary:match("(%d+)余?户"))
figure("Q38", "桃江县一名村级纪检员入户走访督促疫苗接种(余户)", households or 0)

-- The document -------------------------------------------------------------------
local function value_of(id, nth)
    local seen = 0
    for _, f in ipairs(figures) do
        if f.id == id then
            seen = seen + 1
            if seen == (nth or 1) then return f.value end
        end
    end
end

report.title("扛起监督责任 筑牢疫情防线——全市纪检监察机关疫情防控监督工作综述")
report.text("数据截至%s。", as_of)

report.section("总体情况")
report.text("截至目前，全市纪检监察机关查处疫情防控有关问题%d个，运用第一种形态处理%d人。",
    cases, first_form)
report.text("驻市卫健委纪检监察组联合市卫健委对全市%d个县(区、市)卫生健康行政部门、%d家医疗机构"
    .. "疫情防控工作进行监督检查，发现并反馈风险问题%d个，对%d家违规医疗机构依法现场关停，"
    .. "对%d家医疗机构进行了行政处罚，对%d名责任人员进行了问责处理。",
    value_of("Q13"), value_of("Q14"), value_of("Q15"), value_of("Q16"), value_of("Q17"), value_of("Q18"))
report.text("赫山区纪委监委对%d处城区医疗机构进行院感防护专项督查。资阳区纪委监委对全区%d个医疗卫生机构"
    .. "开展督查%d轮，下发通报%d期。安化县纪委监委发挥%d个纪检监察组派驻优势，开展督查%d次，"
    .. "发现并督促整改问题%d个(已整改%d个)。",
    value_of("Q20"), value_of("Q21"), value_of("Q22"), value_of("Q23"), value_of("Q24"), value_of("Q25"),
    value_of("Q26"), value_of("Q26", 2))
report.text("桃江县纪委监委坚持一日一通报(已发%d期)，发现问题立行立改占比%g%%，隔天“回头看”占比%g%%。"
    .. "沅江市纪委监委抽调%d名纪检监察干部成立%d个专项督查组，深入%d个乡镇(街道、中心)、"
    .. "%d个城区重点小区、%d个大型商超开展督查。",
    value_of("Q27", 4), value_of("Q27", 1), value_of("Q27", 2), value_of("Q28"), value_of("Q29"),
    value_of("Q30"), value_of("Q31"), value_of("Q32"))
report.text("赫山区纪委监委%d%s名纪检监察干部参加全员核酸检测志愿服务；桃江县%d名村级纪检员奔跑在田间地头，"
    .. "一名村级纪检员入户走访%d余户督促宣传疫苗接种。",
    value_of("Q36"), qualifier, value_of("Q37"), value_of("Q38"))

report.section("各项数字")
report.table(figures, {
    columns = { "id", "text", "value" },
    headers = { "编号", "内容", "数值" },
})
