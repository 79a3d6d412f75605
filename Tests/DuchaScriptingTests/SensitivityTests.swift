import DuchaScripting
import LuaKit
import Testing

/// Confidential values reach Lua only with the grant; without it a stable pseudonym
/// stands in, so counts and joins still work.
@Suite struct SensitivityTests {
    @Test func confidentialTextIsAPseudonymWithoutTheGrant() throws {
        let results = try SampleWorkspace.run(
            """
            local names = {}
            for row in ducha.subjects:select('id', 'name'):each() do names[#names + 1] = row.name end
            local again = ducha.subjects:select('name'):order_by('id'):first().name
            local first = ducha.subjects:order_by('id'):first().name
            return names[1], #names, again == first, ducha.subjects:count_by('name')[first]
            """)
        #expect(results[0].stringValue?.hasPrefix("化名-") == true)
        #expect(results[1] == 65)
        #expect(results[2] == true)
        #expect(results[3] == 1)
    }

    @Test func filteringOnTheRealValueFindsNothing() throws {
        let realName = try SampleWorkspace.run(
            "return ducha.subjects:order_by('id'):first().name", workspace: SampleWorkspace.confidential)[0]
        #expect(realName.stringValue?.hasPrefix("化名-") == false)
        let name = realName.stringValue ?? ""
        #expect(try SampleWorkspace.run("return ducha.subjects:where{ name = '\(name)' }:count()") == [0])
        #expect(
            try SampleWorkspace.run(
                "return ducha.subjects:where{ name = '\(name)' }:count()", workspace: SampleWorkspace.confidential)
                == [1])
    }

    @Test func filtersOrderingGroupsAndExtremesWorkOnThePseudonym() throws {
        let results = try SampleWorkspace.run(
            """
            local rows = ducha.subjects:order_by('name'):select('name'):rows()
            local ordered = true
            for i = 2, #rows do ordered = ordered and rows[i - 1].name < rows[i].name end
            local extremes = ducha.subjects:group_by():agg{ low = ducha.min('name'), high = ducha.max('name') }:first()
            local sql = ducha.subjects:where('name', 'like', '毛%'):order_by('name'):explain()
            return ordered, extremes.low == rows[1].name, extremes.high == rows[#rows].name,
              ducha.subjects:where('name', 'like', '毛%'):count(), ducha.subjects:where('name', 'like', '化名-%'):count(),
              select(2, sql:gsub('ducha_pseudonym%(t1."name"%)', '')) == select(2, sql:gsub('t1."name"', '')),
              ducha.handlings:order_by('id'):select('subject.name'):first()['subject.name'],
              next(ducha.handlings:count_by('subject.name'))
            """)
        #expect(Array(results.prefix(5)) == [true, true, true, 0, 65])
        #expect(results[5] == true)
        #expect(results[6].stringValue?.hasPrefix("化名-") == true)
        #expect(results[7].stringValue?.hasPrefix("化名-") == true)
    }

    @Test func sqlReadsHiddenColumnsAsNil() throws {
        let hidden = try SampleWorkspace.run(
            "local r = ducha.sql('SELECT name, post FROM subjects LIMIT 1')[1] return r.name, r.post")
        #expect(hidden[0] == .nil)
        #expect(hidden[1] != .nil)
        let byName = try SampleWorkspace.run("return #ducha.sql('SELECT id FROM subjects WHERE name IS NOT NULL')")
        #expect(byName == [0])
        let granted = try SampleWorkspace.run(
            "return ducha.sql('SELECT name FROM subjects LIMIT 1')[1].name", workspace: SampleWorkspace.confidential)
        #expect(granted[0].stringValue?.isEmpty == false)
    }

    /// SQLite compares the columns of a NATURAL join or JOIN … USING without asking the
    /// authorizer that reads them as nil, so a guess joined on the hidden column would
    /// match the real value: such a statement is refused.
    @Test func sqlRefusesJoinsOnHiddenColumns() throws {
        let realName = try #require(
            try SampleWorkspace.run(
                "return ducha.subjects:order_by('id'):first().name", workspace: SampleWorkspace.confidential)[0]
                .stringValue)
        let statements = [
            "SELECT s.id FROM subjects s JOIN (SELECT ? AS name) g USING (name)",
            "SELECT s.id FROM subjects s NATURAL JOIN (SELECT ? AS name, 'subject-001' AS id) g",
            "SELECT * FROM (SELECT ? AS name) g LEFT JOIN subjects s USING (name)",
            "SELECT name FROM subjects FULL JOIN (SELECT ? AS name) g USING (name)",
            "SELECT a.id FROM subjects a JOIN subjects b USING (name) WHERE ? IS NOT NULL",
        ]
        for statement in statements {
            let failure = SampleWorkspace.failure("return ducha.sql([[\(statement)]], { '\(realName)' })")
            #expect(
                failure.contains("ducha.sql: the statement reads subjects.name, which you may not see"),
                "\(statement): \(failure)")
        }
        #expect(
            SampleWorkspace.failure("return ducha.sql('SELECT c.id FROM cases c JOIN cases d USING (summary)')")
                .contains("the statement reads cases.summary"))
        let visible =
            "return #ducha.sql([[SELECT s.id FROM subjects s JOIN (SELECT ? AS id) USING (id)]], { 'subject-001' })"
        #expect(try SampleWorkspace.run(visible) == [1])
        let granted = try SampleWorkspace.run(
            "return #ducha.sql([[\(statements[0])]], { '\(realName)' })", workspace: SampleWorkspace.confidential)
        #expect(granted == [1])
    }

    @Test func sqlReadsOnlyTheTablesOfTheWorkspacesRecords() throws {
        for table in ["dbstat", "sqlite_stmt"] {
            let failure = SampleWorkspace.failure("return ducha.sql('SELECT * FROM \(table)')")
            #expect(
                failure.contains("ducha.sql: '\(table)' is not a table of the workspace's records"), "\(failure)")
        }
        let readable = try SampleWorkspace.run(
            """
            return #ducha.sql('SELECT name FROM sqlite_schema') > 0, #ducha.sql('SELECT sequence FROM audit'),
              #ducha.sql('SELECT code FROM taxonomy'), #ducha.sql('SELECT owner FROM inspections__units') > 0,
              ducha.sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3) SELECT COUNT(*) AS n FROM c')[1].n
            """)
        #expect(readable == [true, 0, 0, true, 3])
    }

    @Test func secretCollectionsHideTheirTextButKeepTheirCounts() throws {
        let results = try SampleWorkspace.run(
            "local clue = ducha.clues:order_by('id'):first() return clue.summary, clue.source, ducha.clues:count()",
            workspace: SampleWorkspace.confidential)
        #expect(results[0].stringValue?.hasPrefix("化名-") == true)
        #expect(results[1] != .nil)
        #expect(results[2] == 36)
    }

    @Test func statisticsOfConfidentialCollectionsStillWork() throws {
        #expect(try SampleWorkspace.run("return ducha.handlings:where{ form = 'first' }:count()") == [51])
        #expect(try SampleWorkspace.run("return ducha.cases:where('opened_on', '<=', '2021-08-14'):count()") == [36])
    }
}
