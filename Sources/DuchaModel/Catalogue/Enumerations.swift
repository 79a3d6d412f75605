/// The enumerations of the supervision data model (v1), as DOMAIN.md fixes them.
enum EnumerationCatalogue {
    static let all: [Enumeration] = [
        Enumeration(
            "region_level", Label("区域级别", "region level"),
            [
                .init("city", "市", "city"), .init("district", "区", "district"), .init("county", "县", "county"),
                .init("county_city", "县级市", "county-level city"),
                .init("management_zone", "管理区", "management zone"), .init("dev_zone", "高新区", "development zone"),
                .init("street", "街道", "street"), .init("township", "乡镇", "township"),
                .init("center", "中心", "center"), .init("community", "社区", "community"),
                .init("village", "村", "village"),
            ]),
        Enumeration(
            "body_kind", Label("机构类型", "body kind"),
            [
                .init("commission", "纪委监委", "commission"),
                .init("zone_commission", "纪委/监察工委", "zone commission"),
                .init("supervision_office", "监督检查室", "supervision office"),
                .init("style_office", "党风政风监督室", "party and government conduct office"),
                .init("case_office", "案件监督管理室", "case supervision office"),
                .init("dispatched_group", "派驻纪检监察组", "dispatched group"),
                .init("township_commission", "乡镇纪委", "township commission"),
                .init("village_inspector_post", "村级纪检员", "village inspector post"),
            ]),
        Enumeration(
            "body_level", Label("机构级别", "body level"),
            [
                .init("city", "市级", "city"), .init("county", "县级", "county"),
                .init("township", "乡镇级", "township"), .init("village", "村级", "village"),
            ]),
        Enumeration(
            "person_role", Label("人员角色", "person role"),
            [
                .init("leader", "领导", "leader"), .init("cadre", "纪检监察干部", "cadre"),
                .init("backbone", "骨干", "backbone"), .init("village_inspector", "村级纪检员", "village inspector"),
                .init("volunteer", "志愿者", "volunteer"),
            ]),
        Enumeration(
            "unit_kind", Label("单位类型", "unit kind"),
            [
                .init("health_admin_dept", "卫生健康行政部门", "health administration department"),
                .init("medical_institution", "医疗卫生机构", "medical institution"),
                .init("hospital", "医院", "hospital"),
                .init("street_health_center", "街道卫生服务中心", "street health center"),
                .init("government_dept", "政府部门", "government department"),
                .init("city_direct_unit", "市直单位", "city-direct unit"), .init("street", "街道", "street"),
                .init("township", "乡镇", "township"), .init("community", "社区", "community"),
                .init("residential_compound", "重点小区", "key residential compound"),
                .init("mall", "商场/商超", "mall or supermarket"), .init("station", "车站", "station"),
                .init("wharf", "渡口码头", "wharf"), .init("industrial_park", "工业园区", "industrial park"),
                .init("enterprise", "企业", "enterprise"),
                .init("isolation_point", "集中隔离医学观察点", "isolation point"),
                .init("checkpoint", "关卡", "checkpoint"),
                .init("construction_project", "工程项目", "construction project"),
            ]),
        Enumeration(
            "team_kind", Label("督查组类型", "team kind"),
            [
                .init("inspection", "督查组", "inspection team"), .init("guidance", "督导组", "guidance team"),
                .init("special_inspection", "专项督查组", "special inspection team"),
                .init("volunteer_squad", "志愿服务小分队", "volunteer squad"),
            ]),
        Enumeration(
            "team_convenor", Label("组建方", "convenor"),
            [
                .init("party_committee", "党委", "party committee"), .init("commission", "纪委监委", "commission"),
                .init("joint", "联合", "joint"),
            ]),
        Enumeration(
            "deployment_purpose", Label("选派用途", "deployment purpose"),
            [
                .init("embed_party_team", "融入党委督导组", "embedded in a party committee team"),
                .init("stationed_guidance", "驻点督导", "stationed guidance"),
                .init("joint_prevention", "联防联控", "joint prevention and control"),
                .init("volunteer", "志愿服务", "volunteer service"),
                .init("mass_testing", "全员核酸检测协助", "mass testing assistance"),
                .init("form_teams", "组建督查组", "forming inspection teams"),
            ]),
        Enumeration(
            "headcount_qualifier", Label("人数限定", "headcount qualifier"),
            [.init("exact", "确数", "exact"), .init("at_least", "余", "at least"), .init("more_than", "多", "more than")]),
        Enumeration(
            "cadence", Label("频次", "cadence"),
            [.init("once", "一次", "once"), .init("daily", "每日", "daily")]),
        Enumeration(
            "inspection_method", Label("督查方式", "inspection method"),
            [
                .init("special", "专项督查", "special inspection"), .init("unannounced", "暗访", "unannounced visit"),
                .init("four_no_two_straight", "四不两直", "four-no-two-straight visit"),
                .init("stationed", "驻点督导", "stationed guidance"),
                .init("experiential", "体验式监督", "experiential supervision"),
                .init("carpet", "地毯式检查", "carpet inspection"), .init("follow_up", "回头看", "follow-up"),
                .init("joint", "联合检查", "joint inspection"),
                .init("grid_data", "网格/大数据摸排", "grid and big-data screening"),
            ]),
        Enumeration(
            "inspection_focus", Label("督查重点", "inspection focus"), dataDriven: true,
            [
                .init("key_places", "重点场所", "key places"), .init("ten_in_place", "十到位", "ten in place"),
                .init("discipline_clues", "防疫纪律线索", "discipline clues"),
                .init("red_yellow_code", "红黄码管理", "red and yellow code management"),
                .init("infection_control", "院感防护", "infection control"),
                .init("checkpoint_duty", "关卡值守", "checkpoint duty"), .init("screening", "人员摸排", "screening"),
                .init("supplies", "物资准备", "supplies"),
                .init("supplies_procedure", "物资保障程序", "supplies procedure"),
                .init("wharf", "渡口码头", "wharves"), .init("station_screening", "车站信息排查", "station screening"),
                .init("worker_registration", "务工人员报备", "worker registration"),
                .init("vaccination", "疫苗接种", "vaccination"),
                .init("formalism", "形式主义官僚主义", "formalism and bureaucratism"),
            ]),
        Enumeration(
            "finding_category", Label("问题类别", "finding category"), dataDriven: true,
            [
                .init("measure_not_in_place", "措施落实不力", "measures not in place"),
                .init("red_code_unmanaged", "红码人员脱管", "red-code person unmanaged"),
                .init("yellow_code_untested", "黄码人员未及时核酸检测", "yellow-code person not tested in time"),
                .init("infection_control_gap", "院感防护问题", "infection control gap"),
                .init("checkpoint_lapse", "关卡值守不到位", "checkpoint duty lapse"),
                .init("screening_gap", "摸排不到位", "screening gap"),
                .init("supplies_shortfall", "物资准备不足", "supplies shortfall"),
                .init("supplies_procedure", "物资申报使用程序繁杂", "cumbersome supplies procedure"),
                .init("unvaccinated_staff", "员工未接种疫苗", "unvaccinated staff"),
                .init("formalism", "形式主义官僚主义", "formalism and bureaucratism"),
                .init("discipline_violation", "违反防疫纪律", "violation of prevention discipline"),
            ]),
        Enumeration(
            "formalism_type", Label("形式主义官僚主义类型", "formalism type"), dataDriven: true,
            [
                .init("ft1", "表态多调门高、行动少落实差", "loud pledges, little action"),
                .init("ft2", "文山会海、层层加码", "documents and meetings piled up"),
                .init("ft3", "填表报数、重复报送", "repeated forms and reports"),
                .init("ft4", "督查检查考核过多过频", "too many inspections"),
                .init("ft5", "做表面文章、搞形象工程", "window dressing"),
                .init("ft6", "推诿扯皮、不作为慢作为", "buck-passing and inaction"),
                .init("ft7", "简单粗暴、一刀切", "crude one-size-fits-all measures"),
                .init("ft8", "脱离实际、官僚作风", "bureaucratic detachment"),
            ]),
        Enumeration(
            "ten_in_place", Label("十到位", "ten in place"), dataDriven: true,
            (1...10).map { index in
                let code = "tip" + (index < 10 ? "0" : "") + String(index)
                return EnumerationValue(code, "第\(index)项", "item \(index)")
            }),
        Enumeration(
            "responsibility", Label("四方责任", "responsibility"),
            [
                .init("territorial", "属地责任", "territorial"), .init("departmental", "部门责任", "departmental"),
                .init("unit", "单位责任", "unit"), .init("individual", "个人责任", "individual"),
            ]),
        Enumeration(
            "rectification_mode", Label("整改方式", "rectification mode"),
            [
                .init("immediate", "立行立改", "immediate"), .init("deadline", "限期整改", "by a deadline"),
                .init("draw_lessons", "举一反三", "draw lessons"),
            ]),
        Enumeration(
            "rectification_status", Label("整改状态", "rectification status"),
            [
                .init("open", "整改中", "open"), .init("done", "已整改", "done"),
                .init("verified", "已验收", "verified"), .init("reopened", "重新整改", "reopened"),
            ]),
        Enumeration(
            "follow_up_result", Label("回头看结果", "follow-up result"),
            [
                .init("passed", "通过", "passed"), .init("failed", "未通过", "failed"),
                .init("not_performed", "未开展", "not performed"),
            ]),
        Enumeration(
            "clue_source", Label("线索来源", "clue source"),
            [
                .init("inspection", "督查发现", "inspection"),
                .init("party_team_transfer", "党委督导组移交", "transfer from a party committee team"),
                .init("petition", "信访举报", "petition"), .init("other", "其他", "other"),
            ]),
        Enumeration(
            "clue_disposition", Label("线索处置方式", "clue disposition"),
            [
                .init("talk_inquiry", "谈话函询", "talk or written inquiry"),
                .init("preliminary_verification", "初步核实", "preliminary verification"),
                .init("shelved", "暂存待查", "shelved"), .init("closed", "予以了结", "closed"),
            ]),
        Enumeration(
            "four_forms", Label("四种形态", "four forms"),
            [
                .init("first", "第一种形态", "first form"), .init("second", "第二种形态", "second form"),
                .init("third", "第三种形态", "third form"), .init("fourth", "第四种形态", "fourth form"),
            ]),
        Enumeration(
            "handling_measure", Label("处理措施", "handling measure"), dataDriven: true,
            [
                .init("talk_reminder", "谈话提醒", "talk reminder"),
                .init("criticism_education", "批评教育", "criticism and education"),
                .init("ordered_review", "责令检查", "ordered self-review"), .init("admonition", "诫勉", "admonition"),
            ]),
        Enumeration(
            "disposition_kind", Label("处置措施", "disposition kind"),
            [
                .init("interview", "约谈", "interview"), .init("bulletin", "通报", "bulletin"),
                .init("admin_penalty", "行政处罚", "administrative penalty"),
                .init("on_site_closure", "现场关停", "on-site closure"), .init("accountability", "问责", "accountability"),
                .init("feedback", "反馈主管部门", "feedback to the competent department"),
                .init("order_rectify", "责令整改", "order to rectify"),
            ]),
        Enumeration(
            "accountability_mode", Label("问责方式", "accountability mode"),
            [
                .init("check", "检查", "self-criticism"), .init("bulletin", "通报", "bulletin"),
                .init("reorganize", "改组", "reorganization"), .init("admonition", "诫勉", "admonition"),
                .init("org_adjustment", "组织调整", "organizational adjustment"),
                .init("sanction", "纪律处分", "disciplinary sanction"),
            ]),
        Enumeration(
            "bulletin_cadence", Label("通报频次", "bulletin cadence"),
            [.init("daily", "一日一通报", "daily"), .init("ad_hoc", "不定期", "ad hoc")]),
        Enumeration(
            "bulletin_distribution", Label("通报范围", "bulletin distribution"),
            [.init("internal", "内部", "internal"), .init("limited", "限定范围", "limited"), .init("public", "公开", "public")]),
        Enumeration(
            "document_kind", Label("文件类型", "document kind"),
            [.init("notice", "通知", "notice"), .init("plan", "方案", "plan")]),
        Enumeration(
            "meeting_kind", Label("会议类型", "meeting kind"),
            [
                .init("standing_committee", "常委会议", "standing committee meeting"),
                .init("collective_interview", "集体约谈", "collective interview"),
            ]),
    ]
}
