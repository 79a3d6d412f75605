import DuchaModel
import Testing

@Suite struct RecordValidatorTests {
    let validator: RecordValidator
    let findings = Schema.v1.collection("findings")!

    init() throws { validator = RecordValidator(taxonomy: try Taxonomy(), defaultYear: 2021) }

    private func value(_ text: String, _ field: String) throws(RecordIssue) -> FieldValue {
        try validator.value(fromText: text, for: findings.field(field)!, in: findings)
    }

    @Test func labelsBecomeCodes() throws {
        #expect(try value("红码人员脱管", "category") == .text("red_code_unmanaged"))
        #expect(try value("red_code_unmanaged", "category") == .text("red_code_unmanaged"))
        #expect(try value("是", "risk") == .boolean(true))
        #expect(try value("8月6日", "found_on") == .text("2021-08-06"))
        #expect(try value("", "description") == .null)
    }

    @Test func anUnknownLabelNamesTheValidChoices() {
        #expect {
            try value("口罩问题", "category")
        } throws: { error in
            let issue = error as! RecordIssue
            return issue.field == "category" && issue.value == "口罩问题"
                && issue.reason.contains("measure_not_in_place 措施落实不力")
                && issue.description.hasPrefix("findings.category '口罩问题': unknown finding_category")
        }
    }

    @Test func anImpossibleDateIsRefused() {
        #expect(throws: RecordIssue.self) { try value("2021-02-30", "found_on") }
    }

    @Test func aDayKeptAsMidnightIsADateButAnotherTimeIsNot() throws {
        #expect(try value("2021-08-06T00:00", "found_on") == .text("2021-08-06"))
        #expect(try value("2021/8/6 00:00:00", "found_on") == .text("2021-08-06"))
        #expect(throws: RecordIssue.self) { try value("2021-08-06T09:30", "found_on") }
    }

    @Test func wholeRecords() {
        let good: [String: FieldValue] = [
            "id": .text("finding:1"), "unit": .text("unit:x"), "body": .text("body:y"),
            "category": .text("formalism"), "found_on": .text("2021-08-11"), "risk": .boolean(false),
        ]
        #expect(validator.issues(with: good, in: findings).isEmpty)
        var bad = good
        bad["found_on"] = nil
        bad["colour"] = .text("red")
        bad["county"] = .text("region:anhua")
        bad["category"] = .text("nope")
        let reasons = validator.issues(with: bad, in: findings).map(\.description)
        #expect(reasons.count == 4)
        #expect(reasons.contains { $0.hasPrefix("findings.colour: unknown field (valid: id, inspection, unit") })
        #expect(reasons.contains("findings.found_on: is required"))
        #expect(reasons.contains { $0.hasPrefix("findings.county 'region:anhua': is worked out") })
        #expect(reasons.contains { $0.hasPrefix("findings.category 'nope': unknown finding_category") })
    }
}
