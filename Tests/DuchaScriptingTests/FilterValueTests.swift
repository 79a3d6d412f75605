import DuchaScripting
import LuaKit
import Testing

/// Values in filters are read as imports read cells: a value the field cannot hold is an
/// error naming the field, the value and the accepted forms, never a silent wrong count.
@Suite struct FilterValueTests {
    private func count(_ query: String) throws -> Int64 {
        let value = try SampleWorkspace.run("return ducha.\(query):count()").first
        return try #require(value?.integerValue)
    }

    private func failure(_ query: String) -> String { SampleWorkspace.failure("return ducha.\(query):count()") }

    @Test(arguments: [
        "findings:where('found_on', '<', '2021-08-32')",
        "findings:where('found_on', '>=', '20210801')",
        "findings:where('found_on', 'between', '2021-08-01', '2021-02-30')",
        "findings:where{ found_on = '8月32日' }",
        "findings:group_by('category'):agg{ n = ducha.count{ found_on = '2021-13-01' } }",
    ])
    func anImpossibleDateIsRefusedWithTheAcceptedForms(query: String) {
        let message = failure(query)
        #expect(
            message.contains("cannot be compared with 'found_on': not a date (2021-08-01, 2021/8/1, 2021年8月1日 or 8月1日)")
        )
    }

    @Test func datesInEveryAcceptedFormCountAlike() throws {
        let iso = try count("findings:where('found_on', '>=', '2021-08-10')")
        #expect(iso == 45)
        for form in ["2021/8/10", "2021.8.10", "2021年8月10日", "8月10日", "2021-08-10 00:00"] {
            #expect(try count("findings:where('found_on', '>=', '\(form)')") == iso, "\(form)")
        }
    }

    @Test func booleansFromEveryAcceptedForm() throws {
        let risky = try count("findings:where{ risk = true }")
        #expect(risky == 37)
        for form in ["'是'", "'true'", "'1'", "1"] {
            #expect(try count("findings:where{ risk = \(form) }") == risky, "\(form)")
        }
        let unknown = try count("findings:where('risk', 'is_null')")
        #expect(try count("findings:where{ risk = '否' }") == 172 - 37 - unknown)
        #expect(
            failure("findings:where{ risk = 'maybe' }").contains(
                "'maybe' cannot be compared with 'risk': not yes or no (是/否, true/false, 1/0)"))
        #expect(
            failure("findings:where{ risk = 2 }").contains("2 cannot be compared with 'risk': expected true or false"))
    }

    @Test func integersFromNumbersOrDigitsOnly() throws {
        let overThree = try count("deployments:where('headcount', '>', 3)")
        #expect(overThree > 0)
        #expect(try count("deployments:where('headcount', '>', '3')") == overThree)
        #expect(try count("deployments:where('headcount', '>=', 4.0)") == overThree)
        #expect(
            failure("deployments:where('headcount', '>', 'ten')").contains(
                "'ten' cannot be compared with 'headcount': not a whole number"))
        #expect(failure("deployments:where('headcount', '>', true)").contains("expected a whole number"))
    }

    @Test func codesFromCodeOrLabelAndUnknownOnesNamed() throws {
        #expect(try count("findings:where{ category = { '红码人员脱管', 'yellow_code_untested' } }") == 2)
        #expect(
            failure("findings:where{ category = { 'red_code_unmanaged', 'red' } }").contains(
                "'red' cannot be compared with 'category': unknown finding_category (valid: measure_not_in_place 措施落实不力"
            ))
        let byCode = try count("inspections:where{ focus = 'infection_control' }")
        #expect(byCode > 0)
        #expect(try count("inspections:where{ focus = '院感防护' }") == byCode)
    }

    @Test func referencesFromIdOrUniqueName() throws {
        #expect(try count("findings:where{ unit = '高新区龙岭社区' }") == 1)
        #expect(try count("findings:where{ ['unit.name'] = '高新区龙岭社区' }") == 1)
        #expect(failure("findings:where{ unit = '龙岭' }").contains("no record of units has the id or name '龙岭'"))
    }

    @Test func nilOnlyMeansNoValueToEquality() throws {
        #expect(try count("findings:where('formalism_type', '=', nil)") == 153)
        #expect(
            failure("findings:where('found_on', '<', nil)").contains(
                "'<' on 'found_on' cannot compare with nil: use is_null or not_null"))
        #expect(
            failure("findings:where('found_on', 'is_null', '2021-08-01')").contains(
                "'is_null' on 'found_on' takes no value, got 1"))
        #expect(
            failure("findings:where('found_on', 'like', 20210801)").contains(
                "'like' on 'found_on' takes one pattern as text"))
    }

    @Test func aDateAndTimeComparedWithADayTakesTheWholeDay() throws {
        let through = try count("inspections:where('started_at', '<=', '2021-08-03')")
        #expect(try count("inspections:where('started_at', '<', '2021-08-04')") == through)
        let during = try count("inspections:where('started_at', '=', '8月3日')")
        #expect(during > 0)
        #expect(try count("inspections:where('started_at', 'between', '2021-08-03', '2021-08-03')") == during)
        #expect(try count("inspections:where('started_at', '<', '2021-08-03')") + during == through)
        #expect(try count("inspections:where('started_at', '>', '2021-08-03')") + through == count("inspections"))
    }

    @Test func fieldsAreComparedOnlyThroughDuchaField() throws {
        let message = failure("rectifications:where('due_on', '<', 'completed_on')")
        #expect(message.contains("'completed_on' cannot be compared with 'due_on': not a date"))
        #expect(message.contains("write ducha.field(\"completed_on\")"))
        let late = try count("rectifications:where('completed_on', '>', ducha.field('due_on'))")
        let onTime = try count("rectifications:where('completed_on', '<=', ducha.field('due_on'))")
        let completed = try count("rectifications:where('completed_on', 'not_null'):where('due_on', 'not_null')")
        #expect(completed > 0)
        #expect(late + onTime == completed)
        let sameDay = try count("rectifications:where('completed_on', '=', ducha.field('due_on'))")
        #expect(try count("rectifications:where{ completed_on = ducha.field('due_on') }") == sameDay)
        #expect(
            failure("rectifications:where('completed_on', '>', ducha.field('status'))").contains(
                "cannot compare 'completed_on' (dates) with 'status' (rectification_status codes)"))
        #expect(
            failure("rectifications:where('completed_on', 'in', { ducha.field('due_on') })").contains(
                "'in' cannot compare two fields ('completed_on', 'due_on'): use = ~= < <= > >="))
        #expect(
            failure("rectifications:where('completed_on', '>', ducha.field('nope'))").contains(
                "unknown field 'nope' in rectifications"))
    }

    @Test func listArgumentsAreCopiedAndTheirLengthChecked() throws {
        #expect(try count("findings:where{ id = { n = -1 } }") == 0)
        #expect(
            try count("findings:where('category', 'in', setmetatable({}, { __len = function() return 1e9 end }))") == 0)
        let kept = try SampleWorkspace.run(
            """
            local list = { 'formalism' }
            local q = ducha.findings:where('category', 'in', list)
            list[2] = 'screening_gap'
            return q:count(), rawget(list, 'n')
            """)
        #expect(kept == [.integer(19), .nil])
    }
}
