import DuchaScripting
import DuchaStore
import Foundation
import LuaKit
import Testing

/// Every query method and path kind of the Lua API, on the sample.
@Suite struct QueryTests {
    private func one(_ source: String) throws -> LuaValue { try SampleWorkspace.run(source).first ?? .nil }

    @Test func countAndWhereTables() throws {
        #expect(try one("return ducha.findings:count()") == 172)
        #expect(try one("return ducha.findings:where{ category = 'red_code_unmanaged' }:count()") == 1)
        #expect(try one("return ducha.findings:where{ category = '红码人员脱管' }:count()") == 1)
        #expect(
            try one(
                "return ducha.findings:where{ category = { 'red_code_unmanaged', 'yellow_code_untested' } }:count()")
                == 2)
        #expect(
            try one(
                "return ducha.findings:where{ category = 'red_code_unmanaged', ['unit.county.name'] = '益阳高新区' }:count()"
            ) == 1)
        #expect(
            try one("return ducha.findings:where{ body = 'body:city-health-group' }:where{ risk = true }:count()") == 35
        )
    }

    @Test func everyOperator() throws {
        let cases: [(String, LuaValue)] = [
            ("where('found_on', '=', '2021-08-06')", 16),
            ("where('found_on', '>=', '2021-08-14')", 7),
            ("where('found_on', '<', '2021-08-03')", 12),
            ("where('found_on', '<=', '8月2日')", 12),
            ("where('found_on', '>', '2021-08-13')", 7),
            ("where('category', '~=', 'formalism')", 153),
            ("where('category', 'in', { 'formalism', 'screening_gap' })", 42),
            ("where('category', 'not_in', { 'formalism', 'screening_gap' })", 130),
            ("where('description', 'like', '%关卡%')", 8),
            ("where('found_on', 'between', '2021-08-06', '2021-08-07')", 36),
            ("where('formalism_type', 'is_null')", 153),
            ("where('formalism_type', 'not_null')", 19),
            ("where('inspection', '=', nil)", 0),
        ]
        for (filter, expected) in cases {
            #expect(try one("return ducha.findings:\(filter):count()") == expected, "\(filter)")
        }
    }

    @Test func whereAnyIsAnOr() throws {
        #expect(
            try one(
                "return ducha.findings:where_any{ { category = 'red_code_unmanaged' }, { category = 'yellow_code_untested' } }:count()"
            ) == 2)
    }

    @Test func orderLimitOffsetSelectFirst() throws {
        let rows = try one(
            """
            local rows = ducha.findings:select('id', 'found_on', 'unit.name', 'county.name'):order_by('-found_on', 'id'):limit(3):offset(1):rows()
            return rows
            """)
        let sequence = rows.tableValue?.sequence ?? []
        #expect(sequence.count == 3)
        #expect(sequence.allSatisfy { $0.tableValue?["found_on"] == "2021-08-14" })
        #expect(sequence.first?.tableValue?["county.name"] != nil)
        #expect(try one("return ducha.findings:order_by('found_on', 'id'):first().id") == "finding:anhua-001")
    }

    @Test func methodsChainInAnyOrderAndRepeat() throws {
        #expect(try one("return #ducha.findings:limit(5):limit(3):rows()") == 3)
        #expect(
            try one(
                "return ducha.findings:select('id'):select('found_on'):order_by('id'):order_by('found_on', 'id'):first().found_on"
            ) == "2021-08-02")
        #expect(try one("return #ducha.findings:offset(170):offset(171):limit(10):rows()") == 1)
    }

    @Test func rowsCarryTypedValuesAndDottedKeys() throws {
        let row = try one(
            "return ducha.findings:where{ id = 'finding:city-001' }:select('risk', 'unit.key_place', 'unit.name', 'found_on'):first()"
        )
        #expect(row.tableValue?["risk"] == true)
        #expect(row.tableValue?["unit.key_place"] == true)
        #expect(row.tableValue?["unit.name"] == "高新区龙岭社区")
    }

    @Test func eachStreamsEveryRow() throws {
        #expect(
            try one("local n = 0 for row in ducha.findings:each() do n = n + (row.id and 1 or 0) end return n") == 172)
        #expect(
            try one("local n = 0 for _ in ducha.findings:where{ risk = true }:each() do n = n + 1 end return n") == 37)
    }

    @Test func eachLoopsStopEarlyNestAndEndWithTheirRun() throws {
        let results = try SampleWorkspace.run(
            """
            local pairs = 0
            for finding in ducha.findings:where{ risk = true }:limit(3):each() do
              for _ in ducha.findings:where{ unit = finding.unit }:each() do pairs = pairs + 1 end
            end
            local first
            for row in ducha.findings:order_by("id"):each() do first = row.id break end
            local two = ducha.findings:limit(2):each()
            return pairs, first, two() ~= nil, two() ~= nil, two() == nil, two() == nil
            """)
        #expect(results.count == 6)
        #expect(results[0].integerValue ?? 0 >= 3)
        #expect(results[1] == "finding:anhua-001")
        #expect(Array(results.dropFirst(2)) == [true, true, true, true])
        // Rows wider than a C closure's upvalues keep their names in a table instead.
        let wide = try one(
            """
            local paths = { "id" }
            for i = 2, 300 do paths[i] = i % 2 == 0 and "found_on" or "category" end
            local seen = 0
            for row in ducha.findings:order_by("id"):select(table.unpack(paths)):limit(3):each() do
              if row.id and row.found_on and row.category then seen = seen + 1 end
            end
            return seen
            """)
        #expect(wide == 3)
        let host = try ScriptHost(options: ScriptOptions(workspace: SampleWorkspace.shared))
        try host.runSource(Array("kept = ducha.findings:each() kept()".utf8), name: "keep.lua")
        let resume = try host.load("return kept()", name: "=resume")
        for _ in 1...2 {
            #expect {
                try host.call(resume)
            } throws: { error in
                "\(error)".contains("this each() loop belongs to a run that has ended")
            }
        }
    }

    @Test func countByAndGroups() throws {
        let counts = try one("return ducha.findings:where{ body = 'body:anhua' }:count_by('category')")
        #expect(counts.tableValue?["formalism"] != nil)
        let rows = try one(
            """
            return ducha.findings:group_by('county.name'):agg{
              n = ducha.count(), done = ducha.count{ ['rectification.status'] = { 'done', 'verified' } },
              units = ducha.count_distinct('unit'), last = ducha.max('found_on'), first = ducha.min('found_on'),
            }:order_by('-n'):rows()
            """)
        let top = rows.tableValue?.sequence.first?.tableValue
        #expect(top?["county.name"] == "安化县")
        #expect(top?["n"] == 103)
        #expect(top?["done"] == 103)
        #expect(top?["last"] == "2021-08-14")
        #expect(
            try one(
                "return ducha.deployments:where{ body = 'body:yuanjiang' }:group_by('purpose'):agg{ people = ducha.sum('headcount') }:first().people"
            ) == 24)
        #expect(
            try one(
                "return ducha.deployments:group_by('body'):agg{ average = ducha.avg('headcount') }:order_by('average'):first().average"
            ) != .nil)
    }

    @Test func toManyPathsInFiltersAndCountDistinct() throws {
        #expect(try one("return ducha.inspections:where{ ['units.kind'] = 'mall' }:count()") == 39)
        #expect(
            try one(
                "return ducha.inspections:where{ focus = 'infection_control' }:where{ body = 'body:heshan' }:count()")
                == 5)
        #expect(try one("return ducha.inspections:where{ joint_bodies = 'body:city-style-office' }:count()") == 1)
        #expect(try one("return ducha.units:where{ ['findings.category'] = 'formalism' }:count()") == 6)
        #expect(
            try one("return ducha.bodies:where{ ['inspections.method'] = 'experiential' }:first().name") == "资阳区纪委监委")
        #expect(try one("return ducha.units:where{ ['inspections.body'] = 'body:city-health-group' }:count()") == 89)
        #expect(try one("return ducha.subjects:where{ ['dispositions.kind'] = 'accountability' }:count()") == 12)
        #expect(try one("return ducha.inspections:where('units', 'is_null'):count()") == 0)
        let health = try one(
            "return ducha.inspections:where{ body = 'body:city-health-group' }:group_by('body'):agg{ units = ducha.count_distinct('units'), n = ducha.count() }:first()"
        )
        #expect(health.tableValue?["units"] == 89)
        #expect(health.tableValue?["n"] == 9)
    }

    @Test func toManyPathsSelectAsArrays() throws {
        let row = try one(
            """
            return ducha.inspections:where{ id = 'inspection:taojiang-joint-0810' }
              :select('units', 'focus', 'joint_bodies.name', 'units.kind'):first()
            """
        ).tableValue
        #expect(row?["units"] == .table(LuaTable(sequence: ["unit:taohuajiang-checkpoint", "unit:maliuxi-market"])))
        #expect(row?["focus"] == .table(LuaTable(sequence: ["checkpoint_duty", "key_places"])))
        #expect(row?["joint_bodies.name"] == .table(LuaTable(sequence: ["市纪委监委党风政风监督室"])))
        #expect(row?["units.kind"] == .table(LuaTable(sequence: ["checkpoint", "mall"])))
        let unit = try one(
            "return ducha.units:where{ id = 'unit:wanda-mall' }:select('inspections', 'findings'):first()"
        ).tableValue
        #expect(unit?["inspections"].tableValue?.count == 2)
        #expect(unit?["findings"] == .table(LuaTable()))
        let whole = try one("return ducha.inspections:where{ id = 'inspection:taojiang-joint-0810' }:first()")
            .tableValue
        #expect(whole?["joint_bodies"] == .table(LuaTable(sequence: ["body:city-style-office"])))
        #expect(
            SampleWorkspace.failure(
                "return ducha.findings:group_by('unit.inspections'):agg{ n = ducha.count() }:rows()"
            )
            .contains("is a to-many path"))
    }

    @Test func derivedFields() throws {
        #expect(try one("return ducha.rectifications:where{ overdue = true }:count()") == 16)
        #expect((try one("return ducha.units:where{ ['county.name'] = '沅江市' }:count()").integerValue ?? 0) > 0)
        #expect(
            (try one("return ducha.findings:where{ ['rectification.mode'] = 'immediate' }:count()").integerValue ?? 0)
                > 0)
    }

    @Test func theOtherGlobals() throws {
        #expect(try one("return ducha.as_of") == "2021-08-14")
        #expect(try one("return ducha.label('finding_category', 'red_code_unmanaged')") == "红码人员脱管")
        #expect(try one("return ducha.days_between('2021-07-30', '2021-08-14')") == 15)
        #expect(try one("return ducha.days_between('2021-08-14', '2021-08-01')") == -13)
        #expect(
            SampleWorkspace.failure("return ducha.days_between('2021-02-30', '2021-03-01')").contains("is not a date"))
        #expect(try one("return #ducha.codes('formalism_type')") == 8)
        #expect(try one("return ducha.schema().collections.findings.label") == "发现问题")
        #expect(try one("return ducha.workspace.name") == "样例")
        #expect(try one("return ducha.api") == "1.0")
        #expect(
            try one("return ducha.sql('SELECT COUNT(*) AS n FROM cases WHERE opened_on <= ?', { '2021-08-14' })[1].n")
                == 36)
    }
}

@Suite struct LongStatementTests {
    @Test func aLongSQLStatementStopsAtTheTimeLimit() throws {
        var limits = LuaLimits.none
        limits.seconds = 0.5
        let host = try ScriptHost(options: ScriptOptions(limits: limits, workspace: SampleWorkspace.shared))
        let started = Date()
        #expect {
            try host.runSource(
                Array(
                    "return ducha.sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c')"
                        .utf8), name: "long.lua")
        } throws: { error in
            (error as? LuaError)?.kind == .timeLimit
                && (error as? LuaError)?.message == "long.lua:1: time limit exceeded (0.5 s)"
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// A statement that counts without end, as a script in a transaction might run it.
    private let endless =
        "ducha.sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c')"

    /// A filter that follows findings to their unit and back ten times: minutes of work
    /// on the sample.
    private let slowFilter =
        "{ ['" + Array(repeating: "unit.findings", count: 10).joined(separator: ".") + ".id'] = 'none' }"

    @Test func statementsOfATransactionAndOfAWriteStopAtTheTimeLimit() throws {
        let workspace = SampleWorkspace.fresh(grants: ["write"])
        var limits = LuaLimits.none
        limits.seconds = 0.5
        for source in [
            "ducha.transaction(function() \(endless) end)",
            "ducha.findings:where\(slowFilter):update{ risk = true }",
        ] {
            let host = try ScriptHost(options: ScriptOptions(limits: limits, workspace: workspace))
            let started = Date()
            #expect {
                try host.runSource(Array(source.utf8), name: "long.lua")
            } throws: { error in
                (error as? LuaError)?.message == "long.lua:1: time limit exceeded (0.5 s)"
            }
            #expect(Date().timeIntervalSince(started) < 5, "\(source)")
        }
        #expect(try AuditTrail(store: workspace.openStore()).entries(visibleTo: .secret).isEmpty)
    }

    @Test func cancellingStopsAStatementOfATransaction() throws {
        let workspace = SampleWorkspace.fresh(grants: ["write"])
        let host = try ScriptHost(options: ScriptOptions(workspace: workspace))
        let canceller = host.canceller
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { canceller.cancel() }
        let started = Date()
        #expect {
            try host.runSource(
                Array(
                    """
                    ducha.transaction(function()
                      ducha.findings:where{ id = 'finding:city-001' }:update{ description = '改写' }
                      \(endless)
                    end)
                    """.utf8), name: "long.lua")
        } throws: { error in
            (error as? LuaError)?.kind == .interrupted
        }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(
            try SampleWorkspace.run(
                "return ducha.findings:where{ description = '改写' }:count()", workspace: workspace) == [0])
    }
}
