import DuchaModel
import Foundation
import Testing

@testable import DuchaShell

@Suite struct CompleterTests {
    private func completer(
        reports: @escaping () -> [String] = { [] }, methods: @escaping (String) -> [String] = { _ in [] }
    ) -> Completer {
        Completer(
            taxonomy: Taxonomy.builtIn, reports: reports, members: { _ in [] }, methods: methods)
    }

    @Test func methodsAfterAColonAreTheReceivers() {
        let completer = completer(methods: { receiver in
            switch receiver {
            case "ducha.findings": ["where", "limit"]
            case "name": ["upper", "gsub"]
            default: []
            }
        })
        #expect(completer.candidates(before: "name:up") == ["upper"])
        #expect(completer.candidates(before: "ducha.findings:li") == ["limit"])
        #expect(completer.candidates(before: "ducha.findings:where{ category = 'x' }:limit(3):") == ["limit", "where"])
        #expect(completer.candidates(before: "f():") == [])
    }

    @Test func codesCompleteInBothFormsOfACondition() {
        let completer = completer()
        #expect(completer.candidates(before: "ducha.findings:where{ category = \"red") == ["red_code_unmanaged"])
        #expect(
            completer.candidates(before: "ducha.findings:where(\"category\", \"=\", \"red") == ["red_code_unmanaged"])
        #expect(completer.candidates(before: "ducha.findings:where('found_on', '=', '") == [])
        #expect(completer.candidates(before: "ducha.findings:where(\"cat") == ["category"])
    }

    @Test func filesCompleteByPathWithFoldersMarked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("completer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        for file in ["my-report.lua", "notes.txt", "scripts/monthly.lua"] {
            try Data().write(to: folder.appendingPathComponent(file))
        }
        let completer = completer(reports: { ["overview", "monthly-summary"] })
        let base = folder.path + "/"
        // A path is one word to libedit, up to a `.`, which ends a word in Lua.
        #expect(completer.candidates(before: ":load \(base)scr") == ["\(base)scripts/"])
        #expect(completer.candidates(before: ":load \(base)scripts/m") == ["\(base)scripts/monthly.lua"])
        #expect(completer.candidates(before: ":load \(base)my-report.l") == ["lua"])
        #expect(completer.candidates(before: ":load \(base)n") == ["\(base)notes.txt"])
        #expect(completer.candidates(before: ":run \(base)n") == [])
        #expect(completer.candidates(before: ":run mon") == ["monthly-summary"])
        #expect(completer.candidates(before: ":load\u{3000}my") == [])
    }

    @Test func reportNamesAreReadAtEachCompletion() {
        var names = ["overview"]
        let completer = completer(reports: { names })
        #expect(completer.candidates(before: ":run o") == ["overview"])
        names.append("weekly")
        #expect(completer.candidates(before: ":run w") == ["weekly"])
    }

    @Test func helpTopicsComplete() {
        #expect(completer().candidates(before: ":help q") == ["queries"])
        #expect(completer().candidates(before: ":lo") == ["load "])
        #expect(completer().candidates(before: ":ti") == ["time"])
    }
}
