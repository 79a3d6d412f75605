/// The collections of the supervision data model (v1), as DOMAIN.md fixes them.
enum CollectionCatalogue {
    private static func id() -> Field { Field("id", .identifier, Label("编号", "id"), required: true) }
    private static func name(_ sensitivity: Sensitivity? = nil) -> Field {
        Field("name", .text, Label("名称", "name"), required: true, sensitivity: sensitivity)
    }
    private static func body(_ chinese: String = "纪检监察机构", required: Bool = false) -> Field {
        Field("body", .reference("bodies"), Label(chinese, "body"), required: required)
    }
    private static func region(_ chinese: String = "所属区域") -> Field {
        Field("region", .reference("regions"), Label(chinese, "region"))
    }
    private static func county(via path: String) -> Field {
        Field("county", .reference("regions"), Label("县(区、市)", "county"), derivation: .path(path))
    }

    static let all: [Collection] = [
        Collection(
            "regions", Label("行政区域", "regions"),
            [
                id(), name(),
                Field("level", .code("region_level"), Label("区域级别", "level"), required: true),
                Field("parent", .reference("regions"), Label("上级区域", "parent")),
                Field("county", .reference("regions"), Label("县(区、市)", "county")),
            ]),
        Collection(
            "bodies", Label("纪检监察机构", "bodies"),
            [
                id(), name(),
                Field("kind", .code("body_kind"), Label("机构类型", "kind"), required: true),
                Field("level", .code("body_level"), Label("机构级别", "level"), required: true),
                region(), Field("parent", .reference("bodies"), Label("上级机构", "parent")),
                Field("host_unit", .reference("units"), Label("派驻单位", "host unit")),
                county(via: "region.county"),
            ]),
        Collection(
            "units", Label("被监督单位/场所", "units"),
            [
                id(), name(),
                Field("kind", .code("unit_kind"), Label("单位类型", "kind"), required: true),
                region(), Field("sector", .text, Label("行业领域", "sector")),
                Field("key_place", .boolean, Label("重点场所", "key place")),
                county(via: "region.county"),
            ]),
        Collection(
            "people", Label("工作人员", "people"),
            [
                id(), name(), Field("title", .text, Label("职务", "title")), body("所在机构"),
                Field("role", .code("person_role"), Label("角色", "role"), required: true),
            ]),
        Collection(
            "subjects", Label("监督对象/责任人员", "subjects"),
            [
                id(), name(.confidential), Field("unit", .reference("units"), Label("所在单位", "unit")),
                Field("post", .text, Label("职务", "post")),
                Field("party_member", .boolean, Label("中共党员", "party member")),
                Field("public_official", .boolean, Label("公职人员", "public official")),
            ]),
        Collection(
            "teams", Label("督查组/督导组", "teams"),
            [
                id(), name(), Field("kind", .code("team_kind"), Label("类型", "kind"), required: true),
                Field("convenor", .code("team_convenor"), Label("组建方", "convenor")), body("牵头机构"),
                Field("formed_on", .date, Label("组建日期", "formed on")),
                Field("dissolved_on", .date, Label("撤销日期", "dissolved on")),
                Field("members", .references("people"), Label("成员", "members")),
            ]),
        Collection(
            "deployments", Label("选派/抽调/下沉", "deployments"),
            [
                id(), body("选派机构", required: true),
                Field("purpose", .code("deployment_purpose"), Label("用途", "purpose"), required: true),
                Field("headcount", .integer, Label("人数", "headcount"), required: true),
                Field("headcount_qualifier", .code("headcount_qualifier"), Label("人数限定", "headcount qualifier")),
                Field("cadence", .code("cadence"), Label("频次", "cadence")),
                Field("team", .reference("teams"), Label("督查组", "team")),
                Field("unit", .reference("units"), Label("单位", "unit")), region("区域"),
                Field("start_on", .date, Label("开始日期", "start on")),
                Field("end_on", .date, Label("结束日期", "end on")),
            ]),
        Collection(
            "campaigns", Label("督查轮次计划", "campaigns"),
            [
                id(), body("牵头机构", required: true), name(),
                Field("planned_rounds", .integer, Label("计划轮次", "planned rounds")),
                Field("start_on", .date, Label("开始日期", "start on")),
                Field("end_on", .date, Label("结束日期", "end on")),
            ]),
        Collection(
            "inspections", Label("督查", "inspections"),
            [
                id(), body("牵头机构", required: true),
                Field("joint_bodies", .references("bodies"), Label("联合机构", "joint bodies")),
                Field("team", .reference("teams"), Label("督查组", "team")),
                Field("leader", .reference("people"), Label("带队领导", "leader")),
                Field("method", .code("inspection_method"), Label("督查方式", "method"), required: true),
                Field("focus", .codes("inspection_focus"), Label("督查重点", "focus")),
                Field("campaign", .reference("campaigns"), Label("轮次计划", "campaign")),
                Field("round", .integer, Label("轮次", "round")), region("督查区域"),
                county(via: "region.county"),
                Field("started_at", .dateTime, Label("开始时间", "started at"), required: true),
                Field("ended_at", .dateTime, Label("结束时间", "ended at")),
                Field("summary", .text, Label("概要", "summary")),
                Field("units", .references("units"), Label("被督查单位", "units")),
            ]),
        Collection(
            "findings", Label("发现问题", "findings"),
            [
                id(), Field("inspection", .reference("inspections"), Label("督查", "inspection")),
                Field("unit", .reference("units"), Label("被监督单位", "unit"), required: true),
                body("发现机构", required: true), county(via: "unit.county"),
                Field("category", .code("finding_category"), Label("问题类别", "category"), required: true),
                Field("formalism_type", .code("formalism_type"), Label("形式主义官僚主义类型", "formalism type")),
                Field("responsibility", .code("responsibility"), Label("责任类型", "responsibility")),
                Field("risk", .boolean, Label("风险隐患", "risk")),
                Field("description", .text, Label("问题描述", "description")),
                Field("found_on", .date, Label("发现日期", "found on"), required: true),
            ]),
        Collection(
            "rectifications", Label("整改", "rectifications"),
            [
                id(), Field("finding", .reference("findings"), Label("问题", "finding"), required: true),
                Field("disposition", .reference("dispositions"), Label("处置措施", "disposition")),
                Field("mode", .code("rectification_mode"), Label("整改方式", "mode"), required: true),
                Field("ordered_on", .date, Label("责令日期", "ordered on"), required: true),
                Field("due_on", .date, Label("整改期限", "due on"), required: true),
                Field("completed_on", .date, Label("完成日期", "completed on")),
                Field("status", .code("rectification_status"), Label("整改状态", "status"), required: true),
                Field("overdue", .boolean, Label("逾期", "overdue"), derivation: .overdue),
            ]),
        Collection(
            "follow_ups", Label("回头看", "follow-ups"),
            [
                id(),
                Field("rectification", .reference("rectifications"), Label("整改", "rectification"), required: true),
                Field("scheduled_on", .date, Label("计划日期", "scheduled on"), required: true),
                Field("performed_on", .date, Label("开展日期", "performed on")),
                Field("result", .code("follow_up_result"), Label("结果", "result")),
            ]),
        Collection(
            "clues", Label("问题线索", "clues"), sensitivity: .secret,
            [
                id(), Field("reg_no", .text, Label("登记号", "registration number")),
                Field("source", .code("clue_source"), Label("线索来源", "source"), required: true),
                Field("received_on", .date, Label("受理日期", "received on"), required: true),
                body("承办机构", required: true),
                Field("disposition", .code("clue_disposition"), Label("处置方式", "disposition")),
                Field("status", .text, Label("办理状态", "status")),
                Field("summary", .text, Label("线索摘要", "summary")),
            ]),
        Collection(
            "cases", Label("查处问题", "cases"),
            [
                id(), body("查处机构", required: true), Field("clue", .reference("clues"), Label("问题线索", "clue")),
                Field("opened_on", .date, Label("立案日期", "opened on"), required: true),
                Field("closed_on", .date, Label("办结日期", "closed on")),
                Field("summary", .text, Label("案情摘要", "summary"), sensitivity: .confidential),
                Field("findings", .references("findings"), Label("相关问题", "findings")),
            ]),
        Collection(
            "handlings", Label("处理人次", "handlings"), sensitivity: .confidential,
            [
                id(), Field("subject", .reference("subjects"), Label("处理对象", "subject"), required: true),
                Field("case", .reference("cases"), Label("查处问题", "case")),
                Field("form", .code("four_forms"), Label("四种形态", "form"), required: true),
                Field("measure", .code("handling_measure"), Label("处理措施", "measure")),
                Field("decided_on", .date, Label("决定日期", "decided on"), required: true), body("处理机构"),
            ]),
        Collection(
            "dispositions", Label("处置措施", "dispositions"),
            [
                id(), Field("kind", .code("disposition_kind"), Label("措施类型", "kind"), required: true),
                Field("decided_on", .date, Label("决定日期", "decided on"), required: true),
                body("作出机构", required: true), Field("authority", .text, Label("执行机关", "authority")),
                Field("collective", .boolean, Label("集体约谈", "collective")),
                Field("accountability_mode", .code("accountability_mode"), Label("问责方式", "accountability mode")),
                Field("units", .references("units"), Label("涉及单位", "units")),
                Field("subjects", .references("subjects"), Label("涉及人员", "subjects")),
                Field("findings", .references("findings"), Label("涉及问题", "findings")),
            ]),
        Collection(
            "bulletins", Label("通报", "bulletins"),
            [
                id(), Field("series", .text, Label("通报系列", "series")), body("通报机构", required: true),
                Field("issue_no", .integer, Label("期号", "issue number"), required: true),
                Field("issued_on", .date, Label("通报日期", "issued on"), required: true),
                Field("cadence", .code("bulletin_cadence"), Label("通报频次", "cadence")),
                Field("distribution", .code("bulletin_distribution"), Label("通报范围", "distribution")),
                Field("title", .text, Label("标题", "title")),
                Field("findings", .references("findings"), Label("通报问题", "findings")),
                Field("units", .references("units"), Label("通报单位", "units")),
            ]),
        Collection(
            "documents", Label("文件/通知", "documents"),
            [
                id(), Field("title", .text, Label("标题", "title"), required: true),
                Field("kind", .code("document_kind"), Label("文件类型", "kind"), required: true),
                Field("issued_on", .date, Label("印发日期", "issued on"), required: true), body("印发机构"),
            ]),
        Collection(
            "meetings", Label("会议", "meetings"),
            [
                id(), Field("kind", .code("meeting_kind"), Label("会议类型", "kind"), required: true),
                Field("held_on", .date, Label("召开日期", "held on"), required: true),
                Field("chair", .reference("people"), Label("主持人", "chair")), body("召开机构"),
                Field("title", .text, Label("会议名称", "title")),
            ]),
        Collection(
            "outbreaks", Label("疫情事件", "outbreaks"),
            [
                id(), Field("reported_at", .dateTime, Label("报告时间", "reported at"), required: true),
                region("发生区域"), Field("positives", .integer, Label("阳性人数", "positives"), required: true),
            ]),
    ]
}
