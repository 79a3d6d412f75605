import DuchaScripting
import LuaKit
import Testing

/// Bad words in queries are errors naming them and the valid ones; injection attempts are
/// refused or bound as values, never executed.
@Suite struct QueryErrorTests {
    private func failure(_ source: String) -> String { SampleWorkspace.failure(source) }

    @Test func anUnknownCollectionNamesTheValidOnes() {
        let message = failure("return ducha.findingz:count()")
        #expect(message.contains("ducha.findingz: no such collection or function (collections: regions, bodies"))
    }

    @Test func anUnknownFieldNamesTheValidOnes() {
        let message = failure("local n = ducha.findings:where{ colour = 'red' }:count()\nreturn n")
        #expect(
            message.contains(
                ":1: unknown field 'colour' in findings (valid: id, inspection, unit, body, county, category"))
    }

    @Test func anUnknownStepInAPathIsNamed() {
        #expect(
            failure("return ducha.findings:select('unit.colour'):rows()").contains("unknown field 'colour' in units"))
        #expect(
            failure("return ducha.findings:select('found_on.year'):rows()").contains(
                "'found_on' in 'found_on.year' is a value"))
    }

    @Test func anUnknownOperatorNamesTheValidOnes() {
        #expect(
            failure("return ducha.findings:where('category', 'contains', 'x'):count()").contains(
                "unknown operator 'contains' (valid: = ~= < <= > >= in not_in like between is_null not_null)"))
    }

    @Test func anUnknownCodeNamesTheValidOnes() {
        #expect(
            failure("return ducha.findings:where{ category = 'mask' }:count()").contains(
                "'mask' cannot be compared with 'category': unknown finding_category (valid: measure_not_in_place"))
    }

    @Test func aToManyPathCannotBeAGroupKeyOrFollowedTwice() {
        #expect(
            failure("return ducha.inspections:group_by('units.name'):agg{ n = ducha.count() }:rows()")
                .contains("'units.name' is a to-many path"))
        #expect(failure("return ducha.bodies:select('inspections.units.name'):rows()").contains("is a to-many path"))
    }

    @Test func orderingAnAggregateQueryByAnUnknownName() {
        #expect(
            failure("return ducha.findings:group_by('category'):agg{ n = ducha.count() }:order_by('-m'):rows()")
                .contains("cannot order by 'm': not a group key or aggregate (valid: category, n)"))
    }

    @Test func badArgumentsToTheBuilder() {
        #expect(
            failure("return ducha.findings:limit(-1)").contains(
                "bad argument #1 to 'limit' (non-negative integer expected"))
        #expect(
            failure("return ducha.findings:where(42)").contains(
                "bad argument #1 to 'where' (table or field name expected, got number)"))
        #expect(failure("return ducha.findings.count()").contains("bad self to 'count'"))
        #expect(failure("return ducha.findings:agg{ n = 1 }").contains("entry 'n' is not an aggregate"))
        #expect(
            failure("return ducha.findings:where{ found_on = {} , id = function() end }:count()").contains(
                "a function cannot be compared"))
    }

    @Test(arguments: [
        "id; DROP TABLE findings", "id\" FROM findings; --", "found_on) UNION SELECT name FROM subjects --",
        "\"findings\".\"id\"",
    ])
    func fieldNamesCannotInject(name: String) throws {
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        #expect(failure("return ducha.findings:where{ ['\(escaped)'] = 1 }:count()").contains("unknown field"))
        #expect(failure("return ducha.findings:select('\(escaped)'):rows()").contains("unknown field"))
        #expect(failure("return ducha.findings:order_by('\(escaped)'):rows()").contains("unknown field"))
        #expect(failure("return ducha.findings:count_by('\(escaped)')").contains("unknown field"))
        #expect(try SampleWorkspace.run("return ducha.findings:count()") == [172])
    }

    @Test func operatorsCannotInject() {
        #expect(failure("return ducha.findings:where('id', '= 1 OR 1 =', 'x'):count()").contains("unknown operator"))
    }

    @Test func valuesAreBoundNeverExecuted() throws {
        let hostile = "x' OR '1'='1"
        #expect(try SampleWorkspace.run("return ducha.findings:where{ id = \"\(hostile)\" }:count()") == [0])
        #expect(
            try SampleWorkspace.run("return ducha.findings:where('description', 'like', \"%' OR 1=1 --\"):count()") == [
                0
            ])
        #expect(
            try SampleWorkspace.run("return ducha.findings:where{ id = { \"a'); DROP TABLE findings; --\" } }:count()")
                == [0])
        #expect(try SampleWorkspace.run("return ducha.findings:count()") == [172])
    }

    @Test func sqlIsReadOnly() throws {
        for statement in [
            "DELETE FROM findings", "UPDATE findings SET risk = 0",
            "INSERT INTO regions (id, name, level) VALUES ('r', 'r', 'city')",
            "DROP TABLE findings", "CREATE TABLE x (y)", "ATTACH DATABASE '/tmp/x.sqlite' AS x",
            "PRAGMA writable_schema = 1",
        ] {
            let word = statement.prefix { $0 != " " }
            #expect(
                failure("return ducha.sql([[\(statement)]])").contains(
                    "ducha.sql runs only plain reads (SELECT, WITH … SELECT, VALUES), not \(word):"),
                "\(statement)")
        }
        #expect(failure("return ducha.sql('SELEC 1')").contains("ducha.sql: near \"SELEC\": syntax error"))
        #expect(try SampleWorkspace.run("return ducha.findings:count()") == [172])
    }

    @Test func queriesOutsideAWorkspaceSaySo() throws {
        let host = try ScriptHost()
        #expect(throws: LuaError.self) { try host.runChunkPrintingResults("ducha.findings:count()") }
    }
}
