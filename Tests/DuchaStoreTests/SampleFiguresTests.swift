import DuchaModel
import Foundation
import GRDB
import Testing

@testable import DuchaStore

/// The article's figures (DOMAIN.md, Q01–Q37), computed from the generated sample with
/// plain SQL through the store.
@Suite struct SampleFiguresTests {
    static let store: Store = {
        let store = try! Store(path: try! temporaryFolder().appendingPathComponent("sample.sqlite").path, create: true)
        try! store.insert(YiyangSample.records())
        return store
    }()

    /// Records of a commission or one of its dispatched groups, as the figures count them.
    static func commission(_ body: String) -> String {
        "(SELECT id FROM bodies WHERE id = '\(body)' OR (parent = '\(body)' AND kind = 'dispatched_group'))"
    }

    private func count(_ sql: String) throws -> Int {
        try Self.store.database.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    /// The unit kinds that are medical or health institutions.
    private static let medicalUnitKinds = "('medical_institution', 'hospital', 'street_health_center')"

    private func distinctInspectedUnits(bodies: String, condition: String) throws -> Int {
        try count(
            """
            SELECT COUNT(DISTINCT u.id) FROM inspections i
            JOIN inspections__units iu ON iu.owner = i.id JOIN units u ON u.id = iu.value
            WHERE i.body IN \(bodies) AND \(condition)
            """)
    }

    @Test func cityFigures() throws {
        #expect(
            try count(
                "SELECT SUM(positives) FROM outbreaks WHERE region = 'region:yiyang' AND reported_at = '2021-07-30T01:00'"
            ) == 1)
        #expect(
            try count(
                "SELECT COUNT(*) FROM meetings WHERE kind = 'standing_committee' AND held_on = '2021-07-31' AND chair = 'person:secretary'"
            ) == 1)
        #expect(
            try count(
                """
                SELECT COUNT(*) FROM inspections i JOIN inspections__focus f ON f.owner = i.id
                WHERE i.body = 'body:city' AND i.method = 'special' AND f.value = 'key_places'
                AND i.region = 'region:heshan' AND i.started_at LIKE '2021-08-01%'
                """) == 1)
        let visit =
            "(SELECT id FROM inspections WHERE method = 'four_no_two_straight' AND leader = 'person:secretary' AND started_at = '2021-08-01T21:00')"
        #expect(try count("SELECT COUNT(*) FROM \(visit)") == 1)
        #expect(
            try count(
                "SELECT COUNT(DISTINCT u.kind) FROM inspections__units iu JOIN units u ON u.id = iu.value WHERE iu.owner IN \(visit)"
            )
                == 4)
        #expect(
            try distinctInspectedUnits(
                bodies: "('body:city')",
                condition: "i.method = 'stationed' AND u.kind = 'street' AND i.started_at >= '2021-08-02'") == 5)
        #expect(try count("SELECT SUM(headcount) FROM deployments WHERE purpose = 'embed_party_team'") == 3)
        #expect(try count("SELECT COUNT(DISTINCT team) FROM deployments WHERE purpose = 'embed_party_team'") == 3)
        #expect(
            try count(
                """
                SELECT COUNT(DISTINCT r.county) FROM inspections i JOIN regions r ON r.id = i.region
                WHERE i.team IN (SELECT team FROM deployments WHERE purpose = 'embed_party_team')
                """) == 7)
        #expect(
            try count(
                "SELECT headcount FROM deployments WHERE purpose = 'joint_prevention' AND cadence = 'daily' AND unit = 'unit:dongfengling' AND start_on = '2021-08-05'"
            ) == 4)
        for category in ["red_code_unmanaged", "yellow_code_untested"] {
            #expect(
                try count(
                    """
                    SELECT COUNT(*) FROM findings f JOIN units u ON u.id = f.unit JOIN regions r ON r.id = u.region
                    WHERE r.county = 'region:gaoxin' AND f.category = '\(category)' AND f.found_on = '2021-08-06'
                    """) >= 1)
        }
        #expect(
            try count(
                """
                SELECT COUNT(DISTINCT du.value) FROM dispositions d JOIN dispositions__units du ON du.owner = d.id
                WHERE d.kind = 'interview' AND d.collective = 1 AND d.decided_on = '2021-08-07'
                """) == 3)
        #expect(
            try count(
                "SELECT COUNT(*) FROM inspections WHERE method = 'four_no_two_straight' AND leader = 'person:secretary' AND started_at LIKE '2021-08-08%'"
            ) == 1)
        #expect(
            try count(
                """
                SELECT COUNT(*) FROM inspections i JOIN inspections__joint_bodies j ON j.owner = i.id
                WHERE i.body = 'body:city-office-1' AND j.value = 'body:city-style-office' AND i.region = 'region:taojiang'
                AND i.started_at LIKE '2021-08-10%'
                """) == 1)
        #expect(try count("SELECT COUNT(*) FROM documents WHERE kind = 'notice' AND issued_on = '2021-08-11'") == 1)
        #expect(try Taxonomy().enumeration("formalism_type")?.values.count == 8)
    }

    @Test func healthGroupFigures() throws {
        let group = "('body:city-health-group')"
        #expect(try distinctInspectedUnits(bodies: group, condition: "u.kind = 'health_admin_dept'") == 8)  // Q13
        #expect(try distinctInspectedUnits(bodies: group, condition: "u.kind = 'medical_institution'") == 81)  // Q14
        #expect(try count("SELECT COUNT(*) FROM findings WHERE body IN \(group) AND risk = 1") == 35)  // Q15
        func disposed(_ kind: String, _ table: String) throws -> Int {
            try count(
                """
                SELECT COUNT(DISTINCT v.value) FROM dispositions d JOIN dispositions__\(table) v ON v.owner = d.id
                WHERE d.body IN \(group) AND d.kind = '\(kind)'
                """)
        }
        #expect(try disposed("on_site_closure", "units") == 6)  // Q16
        #expect(try disposed("admin_penalty", "units") == 22)  // Q17
        #expect(try disposed("accountability", "subjects") == 12)  // Q18
        #expect(
            try count(
                "SELECT COUNT(*) FROM dispositions WHERE kind IN ('on_site_closure', 'admin_penalty') AND authority <> '市卫健委'"
            ) == 0)
        #expect(
            try count(
                "SELECT COUNT(*) FROM findings WHERE body = 'body:city-industry-group' AND category = 'supplies_procedure'"
            ) >= 1)  // Q19
        #expect(
            try count(
                "SELECT COUNT(*) FROM dispositions WHERE body = 'body:city-industry-group' AND kind = 'feedback' AND authority = '市工信局'"
            ) >= 1)
    }

    @Test func countyFigures() throws {
        #expect(
            try distinctInspectedUnits(
                bodies: Self.commission("body:heshan"),
                condition: """
                    i.id IN (SELECT owner FROM inspections__focus WHERE value = 'infection_control')
                    AND u.kind IN \(Self.medicalUnitKinds)
                    """) == 5)  // Q20
        #expect(
            try distinctInspectedUnits(
                bodies: Self.commission("body:ziyang"),
                condition: "i.method = 'experiential' AND u.kind IN \(Self.medicalUnitKinds)") == 24)  // Q21
        #expect(try count("SELECT planned_rounds FROM campaigns WHERE body = 'body:ziyang'") == 3)  // Q22
        #expect(
            try count("SELECT COUNT(DISTINCT round) FROM inspections WHERE campaign = 'campaign:ziyang-experiential'")
                == 3)
        #expect(try count("SELECT COUNT(*) FROM bulletins WHERE body IN \(Self.commission("body:ziyang"))") == 5)  // Q23
        #expect(
            try count("SELECT COUNT(*) FROM bodies WHERE parent = 'body:anhua' AND kind = 'dispatched_group'") == 13)  // Q24
        #expect(try count("SELECT COUNT(*) FROM inspections WHERE body IN \(Self.commission("body:anhua"))") == 87)  // Q25
        #expect(try count("SELECT COUNT(*) FROM findings WHERE body IN \(Self.commission("body:anhua"))") == 99)  // Q26
        #expect(
            try count(
                """
                SELECT COUNT(*) FROM findings f JOIN rectifications r ON r.finding = f.id
                WHERE f.body IN \(Self.commission("body:anhua")) AND r.status IN ('done', 'verified')
                """) == 99)
    }

    @Test func taojiangRectifiesEverythingAtOnceAndBulletinsDaily() throws {
        let taojiang = Self.commission("body:taojiang")
        let days = try count(
            "SELECT julianday(MAX(issued_on)) - julianday(MIN(issued_on)) + 1 FROM bulletins WHERE body IN \(taojiang) AND cadence = 'daily'"
        )
        #expect(days > 1)
        #expect(
            try count("SELECT COUNT(DISTINCT issued_on) FROM bulletins WHERE body IN \(taojiang) AND cadence = 'daily'")
                == days)
        #expect(try count("SELECT COUNT(*) FROM bulletins WHERE body IN \(taojiang) AND cadence = 'daily'") == days)
        let rectifications =
            "SELECT r.* FROM rectifications r JOIN findings f ON f.id = r.finding WHERE f.body IN \(taojiang)"
        #expect(try count("SELECT COUNT(*) FROM (\(rectifications))") > 0)
        #expect(try count("SELECT COUNT(*) FROM (\(rectifications)) WHERE mode <> 'immediate'") == 0)
        #expect(
            try count(
                "SELECT COUNT(*) FROM findings WHERE body IN \(taojiang) AND id NOT IN (SELECT finding FROM rectifications)"
            ) == 0)
        #expect(
            try count(
                """
                SELECT COUNT(*) FROM (\(rectifications)) r JOIN follow_ups u ON u.rectification = r.id
                WHERE julianday(u.scheduled_on) - julianday(r.ordered_on) <> 1
                """) == 0)
        #expect(
            try count(
                "SELECT COUNT(*) FROM (\(rectifications)) r WHERE r.id NOT IN (SELECT rectification FROM follow_ups)")
                == 0)
    }

    @Test func yuanjiangFigures() throws {
        let teams = "(SELECT id FROM teams WHERE body = 'body:yuanjiang' AND kind = 'special_inspection')"
        #expect(
            try count("SELECT SUM(headcount) FROM deployments WHERE body = 'body:yuanjiang' AND purpose = 'form_teams'")
                == 24)  // Q28
        #expect(try count("SELECT COUNT(*) FROM \(teams)") == 16)  // Q29
        #expect(
            try count(
                """
                SELECT COUNT(DISTINCT r.id) FROM inspections i JOIN regions r ON r.id = i.region
                WHERE i.team IN \(teams) AND r.level IN ('township', 'street', 'center')
                """) == 14)  // Q30
        let byTeams = "(SELECT id FROM inspections WHERE team IN \(teams))"
        #expect(
            try distinctInspectedUnits(
                bodies: "('body:yuanjiang')", condition: "i.id IN \(byTeams) AND u.kind = 'residential_compound'") == 42
        )  // Q31
        #expect(
            try distinctInspectedUnits(
                bodies: "('body:yuanjiang')", condition: "i.id IN \(byTeams) AND u.kind = 'mall'") == 6)  // Q32
    }

    @Test func citywideAndPeopleFigures() throws {
        #expect(try count("SELECT COUNT(*) FROM cases WHERE opened_on <= '2021-08-14'") == 36)  // Q34
        #expect(try count("SELECT COUNT(*) FROM handlings WHERE form = 'first'") == 51)  // Q35
        #expect(
            try count(
                "SELECT headcount FROM deployments WHERE body = 'body:heshan' AND purpose = 'mass_testing' AND headcount_qualifier = 'at_least'"
            ) == 20)  // Q36
        #expect(
            try count(
                """
                SELECT COUNT(*) FROM people p JOIN bodies b ON b.id = p.body JOIN regions r ON r.id = b.region
                WHERE p.role = 'village_inspector' AND r.county = 'region:taojiang'
                """) == 246)  // Q37
        #expect(try count("SELECT COUNT(*) FROM inspections WHERE summary LIKE '%400余户%'") == 1)  // Q38
    }

    @Test func fillerGivesReportsSomethingToShow() throws {
        #expect(
            try count(
                "SELECT COUNT(DISTINCT r.county) FROM findings f JOIN units u ON u.id = f.unit JOIN regions r ON r.id = u.region"
            ) == 8)
        let overdue =
            "SELECT COUNT(*) FROM rectifications WHERE due_on < '2021-08-14' AND status NOT IN ('done', 'verified')"
        #expect(try count(overdue) > 0)
        #expect(
            try count(
                "SELECT COUNT(*) FROM rectifications WHERE status IN ('done', 'verified') AND completed_on <= due_on")
                > 0)
        #expect(try count("SELECT COUNT(*) FROM follow_ups WHERE performed_on IS NULL") > 0)
        #expect(try DatabaseCheck(store: Self.store).run() == [])
    }

    @Test func personsHaveSyntheticNamesAndTwoGenerationsAreIdentical() throws {
        #expect(YiyangSample.records() == YiyangSample.records())
        let names = try Self.store.database.read {
            try String.fetchAll($0, sql: "SELECT name FROM people UNION ALL SELECT name FROM subjects")
        }
        #expect(names.count > 100)
        #expect(names.allSatisfy { (2...3).contains($0.count) })
        #expect(Set(names).isDisjoint(with: SampleRandom.articlePersons))
    }

    @Test func syntheticNamesNeverRepeatTheArticlesPersons() {
        var random = SampleRandom(seed: 1)
        let names = (0..<300_000).map { _ in random.personName() }
        #expect(Set(names).isDisjoint(with: SampleRandom.articlePersons))
        #expect(Set(names).count > 10_000)
    }
}
