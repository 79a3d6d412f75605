import DuchaModel

/// The sample `yiyang-2021`: the supervision of epidemic prevention in 益阳市 from
/// 2021-07-30 to 2021-08-14, consistent with every figure of the article (DOMAIN.md,
/// Q01–Q38), plus filler that gives every report something to show without changing a
/// figure. Persons have synthetic names. The same records come out on every run.
public enum YiyangSample {
    /// The name `ducha init --sample` takes.
    public static let name = "yiyang-2021"
    /// The date the article counts "as of".
    public static let asOf = "2021-08-14"

    /// Every record, in an order the store can load.
    public static func records() -> [Record] {
        var builder = YiyangSampleBuilder()
        builder.build()
        return builder.records
    }
}

/// Builds the sample part by part; each part says which figures it carries.
private struct YiyangSampleBuilder {
    var records: [Record] = []
    var random = SampleRandom(seed: 2021_0814)
    var counters: [String: Int] = [:]

    static let counties: [(key: String, name: String, level: String, bodyName: String, bodyKind: String)] = [
        ("heshan", "赫山区", "district", "赫山区纪委监委", "commission"),
        ("ziyang", "资阳区", "district", "资阳区纪委监委", "commission"),
        ("yuanjiang", "沅江市", "county_city", "沅江市纪委监委", "commission"),
        ("nanxian", "南县", "county", "南县纪委监委", "commission"),
        ("taojiang", "桃江县", "county", "桃江县纪委监委", "commission"),
        ("anhua", "安化县", "county", "安化县纪委监委", "commission"),
        ("datonghu", "大通湖区", "management_zone", "大通湖区纪工委", "zone_commission"),
        ("gaoxin", "益阳高新区", "dev_zone", "益阳高新区纪工委", "zone_commission"),
    ]

    mutating func build() {
        regions()
        units()
        bodies()
        people()
        cityResponse()
        healthGroup()
        industryGroup()
        heshan()
        ziyang()
        yuanjiang()
        taojiang()
        anhua()
        filler()
        casesAndHandlings()
    }

    // MARK: Helpers

    mutating func add(_ collection: String, _ id: String, _ values: [String: FieldValue]) {
        var values = values
        values["id"] = .text(id)
        records.append(Record(collection, values))
    }

    /// The next id of a numbered series, e.g. `finding:anhua-007`.
    mutating func nextId(_ prefix: String) -> String {
        counters[prefix, default: 0] += 1
        let number = String(counters[prefix]!)
        return "\(prefix)-" + String(repeating: "0", count: max(0, 3 - number.count)) + number
    }

    func date(_ day: Int, month: Int = 8) -> String {
        CalendarDate(year: 2021, month: month, day: day)!.description
    }

    func dateTime(_ day: Int, _ time: String, month: Int = 8) -> String { "\(date(day, month: month))T\(time)" }

    mutating func region(_ id: String, _ name: String, _ level: String, parent: String, county: String?) {
        add(
            "regions", id,
            [
                "name": .text(name), "level": .text(level), "parent": .text(parent),
                "county": county.map(FieldValue.text) ?? .null,
            ])
    }

    mutating func unit(
        _ id: String, _ name: String, _ kind: String, region: String, sector: String? = nil, keyPlace: Bool = false
    ) {
        add(
            "units", id,
            [
                "name": .text(name), "kind": .text(kind), "region": .text(region),
                "sector": sector.map(FieldValue.text) ?? .null, "key_place": .boolean(keyPlace),
            ])
    }

    mutating func person(_ id: String, body: String, role: String, title: String? = nil) {
        add(
            "people", id,
            [
                "name": .text(random.personName()), "body": .text(body), "role": .text(role),
                "title": title.map(FieldValue.text) ?? .null,
            ])
    }

    @discardableResult
    mutating func inspection(
        _ id: String? = nil, body: String, method: String, startedAt: String, region: String, units: [String],
        focus: [String] = [], team: String? = nil, leader: String? = nil, jointBodies: [String] = [],
        campaign: String? = nil, round: Int? = nil, summary: String? = nil
    ) -> String {
        let id = id ?? nextId("inspection:\(body.dropFirst("body:".count))")
        add(
            "inspections", id,
            [
                "body": .text(body), "method": .text(method), "started_at": .text(startedAt), "region": .text(region),
                "units": .list(units), "focus": .list(focus), "team": team.map(FieldValue.text) ?? .null,
                "leader": leader.map(FieldValue.text) ?? .null, "joint_bodies": .list(jointBodies),
                "campaign": campaign.map(FieldValue.text) ?? .null, "round": round.map { .integer(Int64($0)) } ?? .null,
                "summary": summary.map(FieldValue.text) ?? .null,
            ])
        return id
    }

    /// A finding and, unless `rectified` is nil, its rectification (and a follow-up for
    /// an immediate one, the next day).
    @discardableResult
    mutating func finding(
        body: String, inspection: String?, unit: String, category: String, foundOn: Int, risk: Bool = false,
        responsibility: String = "unit", description: String, rectification: RectificationPlan? = .init()
    ) -> String {
        let id = nextId("finding:\(body.dropFirst("body:".count))")
        add(
            "findings", id,
            [
                "inspection": inspection.map(FieldValue.text) ?? .null, "unit": .text(unit), "body": .text(body),
                "category": .text(category), "responsibility": .text(responsibility), "risk": .boolean(risk),
                "description": .text(description), "found_on": .text(date(foundOn)),
                "formalism_type": category == "formalism" ? .text("ft\(1 + random.below(8))") : .null,
            ])
        if let plan = rectification { rectify(id, foundOn: foundOn, plan) }
        return id
    }

    struct RectificationPlan {
        var mode = "immediate"
        /// Days from the order to the due date (0 for an immediate rectification).
        var dueIn = 0
        /// Days from the order to completion; nil while still open.
        var completedIn: Int? = 0
        var verified = true
        var followUp = true
    }

    mutating func rectify(_ finding: String, foundOn: Int, _ plan: RectificationPlan) {
        let id = "rectification:" + finding.dropFirst("finding:".count)
        let completed = plan.completedIn.map { foundOn + $0 }
        let status = completed == nil ? "open" : (plan.verified ? "verified" : "done")
        add(
            "rectifications", id,
            [
                "finding": .text(finding), "mode": .text(plan.mode), "ordered_on": .text(date(foundOn)),
                "due_on": .text(date(foundOn + plan.dueIn)), "status": .text(status),
                "completed_on": completed.map { .text(date($0)) } ?? .null,
            ])
        guard plan.followUp else { return }
        let scheduled = foundOn + max(plan.dueIn, 0) + 1
        let performed = scheduled <= 14
        add(
            "follow_ups", "follow_up:" + finding.dropFirst("finding:".count),
            [
                "rectification": .text(id), "scheduled_on": .text(date(scheduled)),
                "performed_on": performed ? .text(date(scheduled)) : .null,
                "result": performed ? .text(completed != nil ? "passed" : "failed") : .null,
            ])
    }

    mutating func disposition(
        _ kind: String, body: String, decidedOn: Int, authority: String? = nil, units: [String] = [],
        subjects: [String] = [], findings: [String] = [], collective: Bool = false, accountabilityMode: String? = nil
    ) {
        add(
            "dispositions", nextId("disposition:\(body.dropFirst("body:".count))"),
            [
                "kind": .text(kind), "body": .text(body), "decided_on": .text(date(decidedOn)),
                "authority": authority.map(FieldValue.text) ?? .null, "units": .list(units),
                "subjects": .list(subjects),
                "findings": .list(findings), "collective": .boolean(collective),
                "accountability_mode": accountabilityMode.map(FieldValue.text) ?? .null,
            ])
    }

    mutating func subject(unit: String, post: String) -> String {
        let id = nextId("subject")
        add(
            "subjects", id,
            [
                "name": .text(random.personName()), "unit": .text(unit), "post": .text(post),
                "party_member": .boolean(random.chance(3, in: 4)), "public_official": true,
            ])
        return id
    }

    // MARK: Places

    mutating func regions() {
        add("regions", "region:yiyang", ["name": "益阳市", "level": "city", "parent": nil, "county": nil])
        for county in Self.counties {
            region(
                "region:\(county.key)", county.name, county.level, parent: "region:yiyang",
                county: "region:\(county.key)")
        }
        for (key, name) in [
            ("heshan-st", "赫山街道"), ("huilongshan", "会龙山街道"), ("jinyinshan", "金银山街道"),
            ("longguangqiao", "龙光桥街道"), ("taohualun", "桃花仑街道"),
        ] {
            region("region:\(key)", name, "street", parent: "region:heshan", county: "region:heshan")
        }
        region("region:dongfengling", "东风岭社区", "community", parent: "region:heshan-st", county: "region:heshan")
        for (key, name, level) in Self.yuanjiangAreas {
            region("region:\(key)", name, level, parent: "region:yuanjiang", county: "region:yuanjiang")
        }
        for (county, towns) in Self.otherTownships {
            for (key, name) in towns {
                region("region:\(key)", name, "township", parent: "region:\(county)", county: "region:\(county)")
            }
        }
    }

    static let yuanjiangAreas: [(String, String, String)] = [
        ("qionghu", "琼湖街道", "street"), ("yanzhihu", "胭脂湖街道", "street"), ("qingyunshan", "庆云山街道", "street"),
        ("caowei", "草尾镇", "township"), ("yangluozhou", "阳罗洲镇", "township"), ("huangmaozhou", "黄茅洲镇", "township"),
        ("nandashan", "南大膳镇", "township"), ("sijihong", "四季红镇", "township"), ("gonghua", "共华镇", "township"),
        ("xinwan", "新湾镇", "township"), ("sihushan", "泗湖山镇", "township"), ("nanzui", "南嘴镇", "township"),
        ("chapanzhou", "茶盘洲镇", "township"), ("luhu", "漉湖中心", "center"),
    ]

    static let otherTownships: [(String, [(String, String)])] = [
        ("ziyang", [("changchunzhen", "长春镇"), ("xinqiaohe", "新桥河镇")]),
        ("nanxian", [("nanzhou", "南洲镇"), ("maocaojie", "茅草街镇")]),
        ("taojiang", [("taohuajiang", "桃花江镇"), ("maliuxi", "马迹塘镇"), ("shijiao", "石牛江镇")]),
        ("anhua", [("dongping", "东坪镇"), ("meicheng", "梅城镇"), ("qingtang", "清塘铺镇"), ("lengshi", "冷市镇")]),
        ("datonghu", [("hexin", "河坝镇"), ("beizhou", "北洲子镇")]),
        ("gaoxin", [("xieshan", "谢林港镇"), ("dongbu", "东部新区")]),
    ]

    mutating func units() {
        unit("unit:city-health", "市卫健委", "government_dept", region: "region:yiyang", sector: "卫生健康")
        unit("unit:city-industry", "市工信局", "government_dept", region: "region:yiyang", sector: "工业和信息化")
        for county in Self.counties {
            unit(
                "unit:\(county.key)-health", "\(county.name)卫健局", "health_admin_dept", region: "region:\(county.key)",
                sector: "卫生健康")
        }
        for index in 1...81 {
            let county = Self.counties[index % Self.counties.count]
            unit(
                "unit:clinic-\(index)", "\(county.name)第\(index)医疗卫生机构", "medical_institution",
                region: "region:\(county.key)", sector: "卫生健康", keyPlace: true)
        }
        // The secretary's two 四不两直 visits (Q04, Q10).
        unit("unit:wanda-mall", "益阳万达广场", "mall", region: "region:heshan-st", sector: "商贸", keyPlace: true)
        unit("unit:dongbu-park", "益阳东部产业园", "industrial_park", region: "region:gaoxin", sector: "工业", keyPlace: true)
        unit("unit:yiyang-station", "益阳高铁南站", "station", region: "region:heshan-st", sector: "交通", keyPlace: true)
        unit("unit:city-market-bureau", "市市场监管局", "city_direct_unit", region: "region:yiyang", sector: "市场监管")
        unit("unit:city-transport-bureau", "市交通运输局", "city_direct_unit", region: "region:yiyang", sector: "交通")
        unit("unit:taohualun-community", "桃花仑社区", "community", region: "region:taohualun", keyPlace: true)
        unit("unit:jinyinshan-community", "金银山社区", "community", region: "region:jinyinshan", keyPlace: true)
        unit(
            "unit:isolation-point-1", "市集中隔离医学观察点", "isolation_point", region: "region:huilongshan", sector: "卫生健康",
            keyPlace: true)
        unit("unit:bus-station", "益阳汽车西站", "station", region: "region:huilongshan", sector: "交通", keyPlace: true)
        // Heshan's streets (Q05) and the community cadres were sent to daily (Q07).
        for (key, name) in [
            ("heshan-st", "赫山街道"), ("huilongshan", "会龙山街道"), ("jinyinshan", "金银山街道"),
            ("longguangqiao", "龙光桥街道"), ("taohualun", "桃花仑街道"),
        ] {
            unit("unit:street-\(key)", "\(name)办事处", "street", region: "region:\(key)")
        }
        unit("unit:dongfengling", "东风岭社区", "community", region: "region:dongfengling", keyPlace: true)
        // High-tech zone places of the 08-06 special inspection (Q08).
        unit("unit:gaoxin-community", "高新区龙岭社区", "community", region: "region:dongbu", keyPlace: true)
        unit("unit:gaoxin-enterprise", "高新区电子科技企业", "enterprise", region: "region:xieshan", sector: "工业")
        // Heshan's urban medical institutions (Q20) and Ziyang's (Q21).
        for index in 1...5 {
            unit(
                "unit:heshan-hospital-\(index)", "赫山区城区第\(index)医院", "hospital", region: "region:heshan-st",
                sector: "卫生健康", keyPlace: true)
        }
        for index in 1...24 {
            let kind = index % 3 == 0 ? "street_health_center" : "medical_institution"
            unit("unit:ziyang-clinic-\(index)", "资阳区第\(index)医疗卫生机构", kind, region: "region:ziyang", sector: "卫生健康")
        }
        // Yuanjiang's key residential compounds (Q31) and large malls (Q32).
        for index in 1...42 {
            let area = Self.yuanjiangAreas[index % Self.yuanjiangAreas.count].0
            unit(
                "unit:yuanjiang-compound-\(index)", "沅江第\(index)重点小区", "residential_compound", region: "region:\(area)",
                keyPlace: true)
        }
        for index in 1...6 {
            unit(
                "unit:yuanjiang-mall-\(index)", "沅江第\(index)大型商超", "mall", region: "region:qionghu", sector: "商贸",
                keyPlace: true)
        }
        // Places the county bodies' inspections visit (Q25–Q27 and filler).
        for (county, towns) in Self.otherTownships {
            for (key, name) in towns {
                unit("unit:\(key)-gov", "\(name)人民政府", "township", region: "region:\(key)")
                unit("unit:\(key)-checkpoint", "\(name)防疫关卡", "checkpoint", region: "region:\(key)", keyPlace: true)
                unit("unit:\(key)-market", "\(name)农贸市场", "mall", region: "region:\(key)", sector: "商贸", keyPlace: true)
                unit("unit:\(key)-enterprise", "\(name)重点企业", "enterprise", region: "region:\(key)", sector: "工业")
                unit("unit:\(key)-wharf", "\(name)渡口码头", "wharf", region: "region:\(key)", keyPlace: county != "gaoxin")
            }
        }
    }

    // MARK: Bodies and people

    mutating func bodies() {
        add(
            "bodies", "body:city",
            ["name": "益阳市纪委监委", "kind": "commission", "level": "city", "region": "region:yiyang"])
        for (id, name, kind) in [
            ("body:city-office-1", "市纪委监委第一监督检查室", "supervision_office"),
            ("body:city-style-office", "市纪委监委党风政风监督室", "style_office"),
            ("body:city-case-office", "市纪委监委案件监督管理室", "case_office"),
        ] {
            add(
                "bodies", id,
                [
                    "name": .text(name), "kind": .text(kind), "level": "city", "region": "region:yiyang",
                    "parent": "body:city",
                ])
        }
        add(
            "bodies", "body:city-health-group",
            [
                "name": "驻市卫健委纪检监察组", "kind": "dispatched_group", "level": "city", "region": "region:yiyang",
                "parent": "body:city", "host_unit": "unit:city-health",
            ])
        add(
            "bodies", "body:city-industry-group",
            [
                "name": "驻市工信局纪检监察组", "kind": "dispatched_group", "level": "city", "region": "region:yiyang",
                "parent": "body:city", "host_unit": "unit:city-industry",
            ])
        for county in Self.counties {
            add(
                "bodies", "body:\(county.key)",
                [
                    "name": .text(county.bodyName), "kind": .text(county.bodyKind), "level": "county",
                    "region": .text("region:\(county.key)"), "parent": "body:city",
                ])
        }
        for (county, towns) in Self.otherTownships {
            for (key, name) in towns {
                add(
                    "bodies", "body:\(key)",
                    [
                        "name": .text("\(name)纪委"), "kind": "township_commission", "level": "township",
                        "region": .text("region:\(key)"), "parent": .text("body:\(county)"),
                    ])
            }
        }
        // Anhua's thirteen dispatched groups (Q24).
        let ordinals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"]
        for (index, ordinal) in ordinals.enumerated() {
            add(
                "bodies", "body:anhua-group-\(index + 1)",
                [
                    "name": .text("安化县纪委监委派驻第\(ordinal)纪检监察组"), "kind": "dispatched_group", "level": "county",
                    "region": "region:anhua", "parent": "body:anhua",
                ])
        }
        // Taojiang's village inspectors serve in posts by township (Q37).
        for (key, name) in Self.otherTownships.first(where: { $0.0 == "taojiang" })!.1 {
            add(
                "bodies", "body:\(key)-village-posts",
                [
                    "name": .text("\(name)村级纪检员"), "kind": "village_inspector_post", "level": "village",
                    "region": .text("region:\(key)"), "parent": .text("body:\(key)"),
                ])
        }
    }

    mutating func people() {
        person("person:secretary", body: "body:city", role: "leader", title: "市纪委书记、市监委主任")
        for index in 1...6 { person("person:city-backbone-\(index)", body: "body:city", role: "backbone", title: "骨干") }
        for index in 1...3 { person("person:city-cadre-\(index)", body: "body:city", role: "cadre", title: "纪检监察干部") }
        person("person:health-group-leader", body: "body:city-health-group", role: "leader", title: "组长")
        person("person:office-1-director", body: "body:city-office-1", role: "leader", title: "主任")
        for county in Self.counties {
            person("person:\(county.key)-secretary", body: "body:\(county.key)", role: "leader", title: "书记")
            for index in 1...3 {
                person("person:\(county.key)-cadre-\(index)", body: "body:\(county.key)", role: "cadre")
            }
        }
        // 246 village-level inspectors in Taojiang (Q37), one of whom visited 400 households (Q38).
        let posts = Self.otherTownships.first(where: { $0.0 == "taojiang" })!.1.map { "body:\($0.0)-village-posts" }
        for index in 1...246 {
            person(
                "person:taojiang-village-\(index)", body: posts[index % posts.count], role: "village_inspector",
                title: "村级纪检员")
        }
        for index in 1...20 { person("person:heshan-volunteer-\(index)", body: "body:heshan", role: "volunteer") }
    }

    // MARK: The city commission (Q01–Q12)

    mutating func cityResponse() {
        add(
            "outbreaks", "outbreak:2021-07-30",
            ["reported_at": .text(dateTime(30, "01:00", month: 7)), "region": "region:yiyang", "positives": 1])
        add(
            "meetings", "meeting:standing-0731",
            [
                "kind": "standing_committee", "held_on": .text(date(31, month: 7)), "chair": "person:secretary",
                "body": "body:city",
                "title": "市纪委常委会会议：部署疫情防控监督工作",
            ])
        // Q03: the special inspection of key places in Heshan.
        add(
            "teams", "team:city-key-places",
            [
                "name": "市纪委监委重点场所专项督查组", "kind": "special_inspection", "convenor": "commission", "body": "body:city",
                "formed_on": .text(date(1)), "members": ["person:city-backbone-1", "person:city-backbone-2"],
            ])
        inspection(
            "inspection:city-key-places-0801", body: "body:city", method: "special", startedAt: dateTime(1, "09:00"),
            region: "region:heshan", units: ["unit:wanda-mall", "unit:yiyang-station"], focus: ["key_places"],
            team: "team:city-key-places", summary: "对赫山区重点场所开展专项督查")
        // Q04 and Q10: the secretary's 四不两直 visits.
        inspection(
            "inspection:secretary-0801", body: "body:city", method: "four_no_two_straight",
            startedAt: dateTime(1, "21:00"),
            region: "region:yiyang",
            units: [
                "unit:wanda-mall", "unit:dongbu-park", "unit:yiyang-station", "unit:city-market-bureau",
                "unit:city-transport-bureau",
            ],
            focus: ["key_places"], leader: "person:secretary", summary: "夜间四不两直暗访商超、工业园区、车站和市直单位")
        inspection(
            "inspection:secretary-0808", body: "body:city", method: "four_no_two_straight",
            startedAt: dateTime(8, "20:30"),
            region: "region:heshan",
            units: [
                "unit:taohualun-community", "unit:jinyinshan-community", "unit:isolation-point-1", "unit:bus-station",
            ],
            focus: ["key_places", "red_yellow_code"], leader: "person:secretary", summary: "再次四不两直暗访社区、隔离点和车站")
        // Q05: backbone cadres in the party committee's team, stationed in Heshan's five streets.
        add(
            "teams", "team:party-heshan-guidance",
            [
                "name": "市委赫山区驻点督导组", "kind": "guidance", "convenor": "party_committee", "body": "body:city",
                "formed_on": .text(date(2)),
                "members": ["person:city-backbone-3", "person:city-backbone-4", "person:city-backbone-5"],
            ])
        add(
            "deployments", "deployment:heshan-stationed",
            [
                "body": "body:city", "purpose": "stationed_guidance", "headcount": 3, "headcount_qualifier": "exact",
                "cadence": "daily", "team": "team:party-heshan-guidance", "region": "region:heshan",
                "start_on": .text(date(2)),
            ])
        for key in ["heshan-st", "huilongshan", "jinyinshan", "longguangqiao", "taohualun"] {
            inspection(
                body: "body:city", method: "stationed", startedAt: dateTime(2, "08:30"), region: "region:\(key)",
                units: ["unit:street-\(key)"], focus: ["ten_in_place"], team: "team:party-heshan-guidance",
                summary: "驻点督导“十到位”落实情况")
        }
        // Q06: three cadres in three of the party committee's guidance groups, seven counties.
        let groupCounties = [["heshan", "ziyang", "datonghu"], ["yuanjiang", "nanxian"], ["taojiang", "anhua"]]
        for (index, counties) in groupCounties.enumerated() {
            let team = "team:party-guidance-\(index + 1)"
            add(
                "teams", team,
                [
                    "name": .text("市委疫情防控第\(index + 1)督导组"), "kind": "guidance", "convenor": "party_committee",
                    "body": "body:city", "formed_on": .text(date(3)),
                    "members": .list(["person:city-cadre-\(index + 1)"]),
                ])
            add(
                "deployments", "deployment:party-guidance-\(index + 1)",
                [
                    "body": "body:city", "purpose": "embed_party_team", "headcount": 1, "headcount_qualifier": "exact",
                    "team": .text(team), "start_on": .text(date(3)),
                ])
            for (offset, county) in counties.enumerated() {
                inspection(
                    body: "body:city", method: "special", startedAt: dateTime(3 + offset, "09:00"),
                    region: "region:\(county)",
                    units: ["unit:\(county)-health"], focus: ["screening", "supplies"], team: team,
                    summary: "督导县市区疫情防控责任落实")
            }
        }
        // Q07: four persons a day at the Dongfengling community from 08-05.
        add(
            "deployments", "deployment:dongfengling",
            [
                "body": "body:city", "purpose": "joint_prevention", "headcount": 4, "headcount_qualifier": "exact",
                "cadence": "daily", "unit": "unit:dongfengling", "region": "region:dongfengling",
                "start_on": .text(date(5)),
            ])
        // Q08: the backbone special inspection of the high-tech zone.
        let gaoxinInspection = inspection(
            "inspection:gaoxin-0806", body: "body:city", method: "special", startedAt: dateTime(6, "09:30"),
            region: "region:gaoxin", units: ["unit:gaoxin-community", "unit:gaoxin-enterprise"],
            focus: ["red_yellow_code"],
            leader: "person:city-backbone-6", summary: "骨干力量专项督查高新区红黄码管理")
        let redCode = finding(
            body: "body:city", inspection: gaoxinInspection, unit: "unit:gaoxin-community",
            category: "red_code_unmanaged",
            foundOn: 6, risk: true, responsibility: "territorial", description: "红码人员脱管失控")
        let yellowCode = finding(
            body: "body:city", inspection: gaoxinInspection, unit: "unit:gaoxin-enterprise",
            category: "yellow_code_untested",
            foundOn: 6, risk: true, responsibility: "unit", description: "黄码人员未及时进行核酸检测")
        // Q09: the collective interview of three units.
        add(
            "meetings", "meeting:collective-interview-0807",
            [
                "kind": "collective_interview", "held_on": .text(date(7)), "chair": "person:secretary",
                "body": "body:city",
                "title": "疫情防控工作集体约谈会",
            ])
        disposition(
            "interview", body: "body:city", decidedOn: 7,
            units: ["unit:gaoxin-community", "unit:gaoxin-enterprise", "unit:yiyang-station"],
            findings: [redCode, yellowCode], collective: true)
        // Q11: the joint unannounced inspection of Taojiang.
        inspection(
            "inspection:taojiang-joint-0810", body: "body:city-office-1", method: "unannounced",
            startedAt: dateTime(10, "10:00"),
            region: "region:taojiang", units: ["unit:taohuajiang-checkpoint", "unit:maliuxi-market"],
            focus: ["checkpoint_duty", "key_places"], leader: "person:office-1-director",
            jointBodies: ["body:city-style-office"], summary: "联合暗访桃江县疫情防控工作")
        // Q12: the notice on formalism and bureaucratism (eight types).
        add(
            "documents", "document:formalism-notice-0811",
            [
                "title": "关于严防疫情防控中形式主义官僚主义问题的通知", "kind": "notice", "issued_on": .text(date(11)), "body": "body:city",
            ])
    }

    // MARK: Dispatched groups (Q13–Q19)

    mutating func healthGroup() {
        let group = "body:city-health-group"
        let departments = Self.counties.map { "unit:\($0.key)-health" }
        let clinics = (1...81).map { "unit:clinic-\($0)" }
        var inspections: [String] = []
        for round in 0..<9 {
            let units = [departments[round % departments.count]] + Array(clinics[(round * 9)..<(round * 9 + 9)])
            inspections.append(
                inspection(
                    body: group, method: "special", startedAt: dateTime(2 + round, "09:00"), region: "region:yiyang",
                    units: units, focus: ["infection_control", "key_places"], leader: "person:health-group-leader",
                    summary: "会同市卫健委督查医疗卫生机构疫情防控"))
        }
        // 35 risk findings (Q15), and a few without risk that are no figure.
        var riskFindings: [(id: String, unit: String)] = []
        for index in 0..<35 {
            let unit = clinics[(index * 7) % clinics.count]
            let id = finding(
                body: group, inspection: inspections[index % inspections.count], unit: unit,
                category: "infection_control_gap",
                foundOn: 2 + index % 9, risk: true, description: "院感防护存在风险隐患",
                rectification: RectificationPlan(
                    mode: "deadline", dueIn: 3, completedIn: index % 5 == 0 ? nil : 2, verified: index % 2 == 0))
            riskFindings.append((id, unit))
        }
        for index in 0..<4 {
            finding(
                body: group, inspection: inspections[index], unit: clinics[index * 11],
                category: "measure_not_in_place",
                foundOn: 3 + index, description: "预检分诊登记不规范", rectification: RectificationPlan())
        }
        // Closures (Q16) and penalties (Q17) by 市卫健委 for distinct institutions.
        for (offset, finding) in riskFindings.prefix(6).enumerated() {
            disposition(
                "on_site_closure", body: group, decidedOn: 4 + offset % 5, authority: "市卫健委", units: [finding.unit],
                findings: [finding.id])
        }
        let penalised = Array(Set(riskFindings.dropFirst(6).map(\.unit))).sorted().prefix(22)
        for (offset, unit) in penalised.enumerated() {
            disposition("admin_penalty", body: group, decidedOn: 5 + offset % 8, authority: "市卫健委", units: [unit])
        }
        // Twelve persons held accountable (Q18).
        let modes = ["check", "bulletin", "admonition", "org_adjustment"]
        for batch in 0..<4 {
            let subjects = (0..<3).map { index in
                subject(unit: clinics[batch * 10 + index], post: index == 0 ? "院长" : "科室负责人")
            }
            disposition(
                "accountability", body: group, decidedOn: 9 + batch, units: [clinics[batch * 10]], subjects: subjects,
                accountabilityMode: modes[batch])
        }
    }

    mutating func industryGroup() {
        let group = "body:city-industry-group"
        let check = inspection(
            body: group, method: "special", startedAt: dateTime(9, "09:00"), region: "region:yiyang",
            units: ["unit:city-industry"],
            focus: ["supplies_procedure"], summary: "督查防疫物资保障")
        let found = finding(
            body: group, inspection: check, unit: "unit:city-industry", category: "supplies_procedure", foundOn: 9,
            responsibility: "departmental", description: "防疫物资申报、使用程序繁杂",
            rectification: RectificationPlan(
                mode: "deadline", dueIn: 5, completedIn: nil, verified: false, followUp: true))
        disposition(
            "feedback", body: group, decidedOn: 9, authority: "市工信局", units: ["unit:city-industry"], findings: [found])
    }

    // MARK: County bodies (Q20–Q32, Q36–Q38)

    mutating func heshan() {
        for index in 1...5 {
            inspection(
                body: "body:heshan", method: "special", startedAt: dateTime(3 + index, "15:00"),
                region: "region:heshan-st",
                units: ["unit:heshan-hospital-\(index)"], focus: ["infection_control"], summary: "城区医疗机构院感防控专项检查")
        }
        add(
            "deployments", "deployment:heshan-mass-testing",
            [
                "body": "body:heshan", "purpose": "mass_testing", "headcount": 20, "headcount_qualifier": "at_least",
                "region": "region:heshan", "start_on": .text(date(3)), "end_on": .text(date(5)),
            ])
        add(
            "teams", "team:heshan-volunteers",
            [
                "name": "赫山区纪检监察志愿服务小分队", "kind": "volunteer_squad", "convenor": "commission", "body": "body:heshan",
                "formed_on": .text(date(3)), "members": .list((1...20).map { "person:heshan-volunteer-\($0)" }),
            ])
    }

    mutating func ziyang() {
        add(
            "campaigns", "campaign:ziyang-experiential",
            [
                "body": "body:ziyang", "name": "资阳区医疗卫生机构体验式监督", "planned_rounds": 3,
                "start_on": .text(date(2)), "end_on": .text(date(13)),
            ])
        for round in 1...3 {
            inspection(
                body: "body:ziyang", method: "experiential", startedAt: dateTime(2 + (round - 1) * 4, "09:00"),
                region: "region:ziyang",
                units: (1...8).map { "unit:ziyang-clinic-\((round - 1) * 8 + $0)" },
                focus: ["infection_control", "screening"],
                campaign: "campaign:ziyang-experiential", round: round, summary: "以患者身份体验就医流程")
        }
        for issue in 1...5 {
            add(
                "bulletins", "bulletin:ziyang-\(issue)",
                [
                    "series": "资阳区疫情防控监督检查通报", "body": "body:ziyang", "issue_no": .integer(Int64(issue)),
                    "issued_on": .text(date(3 + issue * 2)), "cadence": "ad_hoc", "distribution": "internal",
                    "title": .text("资阳区疫情防控监督检查情况通报（第\(issue)期）"),
                    "units": .list(["unit:ziyang-clinic-\(issue * 4)"]),
                ])
        }
    }

    mutating func yuanjiang() {
        add(
            "deployments", "deployment:yuanjiang-teams",
            [
                "body": "body:yuanjiang", "purpose": "form_teams", "headcount": 24, "headcount_qualifier": "exact",
                "region": "region:yuanjiang", "start_on": .text(date(2)),
            ])
        let compounds = (1...42).map { "unit:yuanjiang-compound-\($0)" }
        let malls = (1...6).map { "unit:yuanjiang-mall-\($0)" }
        for index in 0..<16 {
            let team = "team:yuanjiang-\(index + 1)"
            add(
                "teams", team,
                [
                    "name": .text("沅江市疫情防控第\(index + 1)专项督查组"), "kind": "special_inspection", "convenor": "commission",
                    "body": "body:yuanjiang", "formed_on": .text(date(2)),
                    "members": ["person:yuanjiang-cadre-\(1 + index % 3)"],
                ])
            let area = Self.yuanjiangAreas[index % Self.yuanjiangAreas.count].0
            var units = compounds.enumerated().filter { $0.offset % 16 == index }.map(\.element)
            if index < malls.count { units.append(malls[index]) }
            inspection(
                body: "body:yuanjiang", method: "carpet", startedAt: dateTime(3 + index % 10, "09:00"),
                region: "region:\(area)",
                units: units, focus: ["key_places", "screening"], team: team, summary: "地毯式检查重点小区和商超")
        }
    }

    mutating func taojiang() {
        let towns = Self.otherTownships.first(where: { $0.0 == "taojiang" })!.1.map(\.0)
        var findingsByDay: [Int: [String]] = [:]
        for day in 3...14 {
            let town = towns[day % towns.count]
            let check = inspection(
                body: "body:taojiang", method: "unannounced", startedAt: dateTime(day, "10:00"),
                region: "region:\(town)",
                units: ["unit:\(town)-checkpoint", "unit:\(town)-market"], focus: ["checkpoint_duty", "key_places"],
                summary: "暗访关卡值守和农贸市场")
            for (offset, category) in ["checkpoint_lapse", "measure_not_in_place"].enumerated()
            where (day + offset) % 3 != 0 {
                let unit = offset == 0 ? "unit:\(town)-checkpoint" : "unit:\(town)-market"
                findingsByDay[day, default: []].append(
                    finding(
                        body: "body:taojiang", inspection: check, unit: unit, category: category, foundOn: day,
                        description: offset == 0 ? "关卡值守人员脱岗" : "进出人员扫码测温不严",
                        rectification: RectificationPlan(
                            mode: "immediate", dueIn: 0, completedIn: 0, verified: day < 14)))
            }
        }
        // 一日一通报 (Q27): a bulletin every day from 08-03.
        for day in 3...14 {
            add(
                "bulletins", "bulletin:taojiang-\(day - 2)",
                [
                    "series": "桃江县疫情防控一日一通报", "body": "body:taojiang", "issue_no": .integer(Int64(day - 2)),
                    "issued_on": .text(date(day)), "cadence": "daily", "distribution": "limited",
                    "title": .text("桃江县疫情防控监督检查一日一通报（第\(day - 2)期）"),
                    "findings": .list(findingsByDay[day] ?? []),
                ])
        }
        // Q38: a village inspector's vaccination visits.
        inspection(
            body: "body:taohuajiang-village-posts", method: "carpet", startedAt: dateTime(10, "08:00"),
            region: "region:taohuajiang",
            units: ["unit:taohuajiang-gov"], focus: ["vaccination"], leader: "person:taojiang-village-6",
            summary: "村级纪检员入户走访400余户，督促宣传疫苗接种")
    }

    mutating func anhua() {
        let bodies = ["body:anhua"] + (1...13).map { "body:anhua-group-\($0)" }
        let towns = Self.otherTownships.first(where: { $0.0 == "anhua" })!.1.map(\.0)
        let places = ["checkpoint", "market", "enterprise", "wharf", "gov"]
        var inspections: [(id: String, unit: String, day: Int)] = []
        for index in 0..<87 {
            let town = towns[index % towns.count]
            let unit = "unit:\(town)-\(places[index % places.count])"
            let day = 2 + index % 13
            let id = inspection(
                body: bodies[index % bodies.count], method: index % 4 == 0 ? "unannounced" : "special",
                startedAt: dateTime(day, "09:00"), region: "region:\(town)", units: [unit],
                focus: [index % 2 == 0 ? "key_places" : "checkpoint_duty"], summary: "督查疫情防控措施落实")
            inspections.append((id, unit, day))
        }
        // 99 findings, every one rectified (Q26).
        let categories = [
            "measure_not_in_place", "checkpoint_lapse", "screening_gap", "supplies_shortfall", "formalism",
        ]
        for index in 0..<99 {
            let source = inspections[index % inspections.count]
            finding(
                body: bodies[(index % inspections.count) % bodies.count], inspection: source.id, unit: source.unit,
                category: categories[index % categories.count], foundOn: source.day,
                description: "疫情防控措施落实不到位",
                rectification: RectificationPlan(
                    mode: index % 3 == 0 ? "immediate" : "deadline", dueIn: index % 3 == 0 ? 0 : 2,
                    completedIn: index % 3 == 0 ? 0 : 1, verified: index % 2 == 0, followUp: index % 4 == 0))
        }
    }

    // MARK: Filler that is no figure

    mutating func filler() {
        for (county, body) in [("nanxian", "body:nanxian"), ("datonghu", "body:datonghu"), ("gaoxin", "body:gaoxin")] {
            let towns = Self.otherTownships.first(where: { $0.0 == county })!.1.map(\.0)
            for (offset, town) in towns.enumerated() {
                let day = 4 + offset * 3
                let check = inspection(
                    body: body, method: "special", startedAt: dateTime(day, "14:00"), region: "region:\(town)",
                    units: ["unit:\(town)-wharf", "unit:\(town)-enterprise"], focus: ["wharf", "worker_registration"],
                    summary: "督查渡口码头和企业返岗人员报备")
                finding(
                    body: body, inspection: check, unit: "unit:\(town)-wharf", category: "checkpoint_lapse",
                    foundOn: day,
                    responsibility: "territorial", description: "渡口码头登记查验不严",
                    rectification: RectificationPlan(mode: "deadline", dueIn: 3, completedIn: nil, verified: false))
                finding(
                    body: body, inspection: check, unit: "unit:\(town)-enterprise", category: "unvaccinated_staff",
                    foundOn: day,
                    description: "部分员工未接种疫苗",
                    rectification: RectificationPlan(mode: "deadline", dueIn: 5, completedIn: 4, verified: false))
            }
            // Township commissions' own work is no county figure.
            let town = towns[0]
            let check = inspection(
                body: "body:\(town)", method: "grid_data", startedAt: dateTime(9, "09:00"), region: "region:\(town)",
                units: ["unit:\(town)-gov"], focus: ["screening"], summary: "网格化摸排返乡人员")
            finding(
                body: "body:\(town)", inspection: check, unit: "unit:\(town)-gov", category: "screening_gap",
                foundOn: 9,
                responsibility: "territorial", description: "返乡人员摸排台账不全",
                rectification: RectificationPlan(mode: "deadline", dueIn: 2, completedIn: nil, verified: false))
        }
        add(
            "documents", "document:supervision-plan-0731",
            [
                "title": "疫情防控监督检查工作方案", "kind": "plan", "issued_on": .text(date(31, month: 7)), "body": "body:city",
            ])
    }

    // MARK: Cases and the four forms (Q34, Q35)

    mutating func casesAndHandlings() {
        let bodies = [
            "body:city", "body:heshan", "body:ziyang", "body:yuanjiang", "body:nanxian", "body:taojiang", "body:anhua",
            "body:datonghu", "body:gaoxin",
        ]
        let sources = ["inspection", "party_team_transfer", "petition", "other"]
        let units = [
            "unit:heshan-health", "unit:ziyang-health", "unit:yuanjiang-health", "unit:nanxian-health",
            "unit:taojiang-health", "unit:anhua-health", "unit:datonghu-health", "unit:gaoxin-health",
        ]
        var handled = 0
        for index in 1...36 {
            let body = bodies[index % bodies.count]
            let clue = "clue:\(index)"
            let received = 1 + index % 12
            add(
                "clues", clue,
                [
                    "reg_no": .text("YYJW-2021-\(100 + index)"), "source": .text(sources[index % sources.count]),
                    "received_on": .text(date(received)), "body": .text(body),
                    "disposition": .text(index % 5 == 0 ? "talk_inquiry" : "preliminary_verification"), "status": "办理中",
                    "summary": "疫情防控工作中履职不力问题线索",
                ])
            let caseId = "case:\(index)"
            add(
                "cases", caseId,
                [
                    "body": .text(body), "clue": .text(clue), "opened_on": .text(date(min(14, received + 1))),
                    "closed_on": index % 4 == 0 ? .text(date(14)) : .null, "summary": "疫情防控履职不力、落实不到位",
                ])
            let persons = index <= 15 ? 2 : 1
            for _ in 0..<persons {
                let subject = subject(unit: units[index % units.count], post: "工作人员")
                handled += 1
                let measures = ["talk_reminder", "criticism_education", "ordered_review", "admonition"]
                add(
                    "handlings", "handling:\(handled)",
                    [
                        "subject": .text(subject), "case": .text(caseId), "form": "first",
                        "measure": .text(measures[handled % measures.count]),
                        "decided_on": .text(date(min(14, received + 2))),
                        "body": .text(body),
                    ])
            }
        }
        // Two second-form handlings: no first-form figure.
        for index in 1...2 {
            let subject = subject(unit: units[index], post: "负责人")
            add(
                "handlings", "handling:second-\(index)",
                [
                    "subject": .text(subject), "case": .text("case:\(index)"), "form": "second",
                    "decided_on": .text(date(13)),
                    "body": .text(bodies[index % bodies.count]),
                ])
        }
    }
}
