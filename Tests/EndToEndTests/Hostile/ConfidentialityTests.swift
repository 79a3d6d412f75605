import Foundation
import Testing

/// A reader without the `confidential` grant probes confidential values through every API
/// and output: filters, ordering, aggregates, paths, explain, ducha.sql, errors, exports,
/// the audit trail, writes rolled back, plugins. Each probe ends its script with
/// `error("probe: " .. what it saw)`, which must be what the pseudonyms alone give; and no
/// real value appears in anything printed.
@Suite struct ConfidentialityTests {
    /// A real name, and the character most real names start with.
    static func realName(_ index: Int = 0) throws -> String { try Fixtures.subjects.get()[index].name }
    static func commonInitial() throws -> String {
        let initials = try Fixtures.subjects.get().map { String($0.name.prefix(1)) }
        return Dictionary(grouping: initials, by: { $0 }).max { $0.value.count < $1.value.count }!.key
    }

    /// A probe script with `%NAME%`, `%NAME2%` and `%INITIAL%` for two real names and the
    /// commonest real initial, filled in when it runs.
    struct Probe: Sendable, CustomTestStringConvertible {
        let sentence: String
        let script: String
        init(_ pair: (String, String)) { (sentence, script) = pair }
        var testDescription: String { sentence }
        func filled() throws -> String {
            try script.replacingOccurrences(of: "%NAME%", with: realName())
                .replacingOccurrences(of: "%NAME2%", with: realName(1))
                .replacingOccurrences(of: "%INITIAL%", with: commonInitial())
        }
    }

    private func probe(_ script: String, naming: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Hostile.expectCleanScript(
            script, options: [], in: Fixtures.sample.get(), naming: naming, sourceLocation: sourceLocation)
    }

    /// Probes of the query API: each compares what the database answered with what the
    /// visible values give, so a probe fails when the answer came from the real ones.
    static let queryProbes: [Probe] = [
        (
            "a filter on a real name matches nothing",
            "error('probe: ' .. ducha.subjects:where{ name = '%NAME%' }:count())"
        ),
        (
            "a filter on a real name through a reference matches nothing",
            "error('probe: ' .. ducha.handlings:where{ ['subject.name'] = '%NAME%' }:count())"
        ),
        (
            "like on a real initial matches nothing",
            "error('probe: ' .. ducha.subjects:where('name', 'like', '%INITIAL%%'):count())"
        ),
        (
            "in with real names matches nothing",
            "error('probe: ' .. ducha.subjects:where('name', 'in', '%NAME%', '%NAME2%'):count())"
        ),
        (
            "a range on names counts what the pseudonyms give",
            """
            local seen = 0
            for r in ducha.subjects:each() do if r.name >= '%NAME%' then seen = seen + 1 end end
            error('probe: ' .. tostring(seen == ducha.subjects:where('name', '>=', '%NAME%'):count()))
            """
        ),
        (
            "between on names counts what the pseudonyms give",
            """
            local seen = 0
            for r in ducha.subjects:each() do if r.name >= '%INITIAL%' and r.name <= '%INITIAL%\u{9fff}' then seen = seen + 1 end end
            error('probe: ' .. tostring(seen == ducha.subjects:where('name', 'between', '%INITIAL%', '%INITIAL%\u{9fff}'):count()))
            """
        ),
        (
            "ordering by name follows the pseudonyms",
            """
            local rows, sorted = ducha.subjects:order_by('name'):rows(), true
            for i = 2, #rows do if rows[i - 1].name > rows[i].name then sorted = false end end
            error('probe: ' .. tostring(sorted))
            """
        ),
        (
            "ordering by a referenced name follows the pseudonyms",
            """
            local rows, sorted = ducha.handlings:select('subject.name'):order_by('subject.name'):rows(), true
            for i = 2, #rows do if rows[i - 1]['subject.name'] > rows[i]['subject.name'] then sorted = false end end
            error('probe: ' .. tostring(sorted))
            """
        ),
        (
            "min and max of names are pseudonyms the script can see",
            """
            local least, most
            for r in ducha.subjects:each() do
              if not least or r.name < least then least = r.name end
              if not most or r.name > most then most = r.name end
            end
            local row = ducha.subjects:agg{ least = ducha.min('name'), most = ducha.max('name') }:first()
            error('probe: ' .. tostring(row.least == least and row.most == most))
            """
        ),
        (
            "count_by name counts pseudonyms",
            """
            local ok = true
            for key in pairs(ducha.subjects:count_by('name')) do if not key:find('^化名%-') then ok = false end end
            error('probe: ' .. tostring(ok))
            """
        ),
        (
            "group_by a referenced name groups pseudonyms",
            """
            local ok = true
            for _, row in ipairs(ducha.handlings:group_by('subject.name'):agg{ n = ducha.count() }:rows()) do
              if not tostring(row['subject.name']):find('^化名%-') then ok = false end
            end
            error('probe: ' .. tostring(ok))
            """
        ),
        (
            "count_distinct of names counts pseudonyms",
            """
            local seen, n = {}, 0
            for r in ducha.subjects:each() do if not seen[r.name] then seen[r.name] = true n = n + 1 end end
            error('probe: ' .. tostring(n == ducha.subjects:agg{ n = ducha.count_distinct('name') }:first().n))
            """
        ),
        (
            "a selected reference path shows pseudonyms",
            """
            local ok = true
            for r in ducha.handlings:select('subject.name'):each() do if not r['subject.name']:find('^化名%-') then ok = false end end
            error('probe: ' .. tostring(ok))
            """
        ),
        (
            "a selected to-many path shows pseudonyms",
            """
            local ok = true
            for r in ducha.dispositions:select('subjects.name'):each() do
              for _, n in ipairs(r['subjects.name']) do if not n:find('^化名%-') then ok = false end end
            end
            error('probe: ' .. tostring(ok))
            """
        ),
        (
            "a backwards path filter on a real name matches nothing",
            "error('probe: ' .. ducha.subjects:where{ ['dispositions.subjects.name'] = '%NAME%' }:count())"
        ),
        (
            "explain shows no real value",
            "error('probe: ' .. ducha.subjects:where{ name = ducha.subjects:first().name }:explain())"
        ),
        (
            "case summaries read as pseudonyms",
            """
            local n = 0
            for r in ducha.cases:each() do if r.summary and not r.summary:find('^化名%-') then n = n + 1 end end
            error('probe: ' .. n)
            """
        ),
    ].map(Probe.init)

    @Test(arguments: queryProbes)
    func queriesAnswerAsThePseudonymsWould(_ probe: Probe) throws {
        let expected =
            probe.sentence.hasPrefix("explain")
            ? "probe: " : probe.script.contains("tostring(") ? "probe: true" : "probe: 0"
        try self.probe(probe.filled(), naming: [expected])
    }

    /// ducha.sql reads confidential columns as nil, whatever expression wraps them.
    static let sqlExpressions = [
        "name", "upper(name)", "lower(name)", "substr(name, 1, 1)", "hex(name)", "quote(name)", "name || ''",
        "trim(name)", "printf('%s', name)", "json_object('n', name)", "unicode(name)", "length(name)",
        "instr(name, '王')", "cast(name AS blob)", "replace(name, 'x', 'x')",
        "CASE WHEN name IS NULL THEN NULL ELSE 1 END",
        "(SELECT min(name) FROM subjects)", "(SELECT group_concat(name) FROM subjects)", "coalesce(name, id)",
        "iif(length(name) = 2, 1, NULL)",
    ]

    @Test(arguments: sqlExpressions)
    func sqlReadsConfidentialColumnsAsNil(expression: String) throws {
        // The hidden column reads as NULL: coalesce(name, id) gives the id, and every other
        // expression one value for all subjects — nil, or what it makes of NULL (hex(NULL)
        // is empty text) — so no row tells anything of its name.
        let script = """
            local seen, distinct = {}, 0
            for _, row in ipairs(ducha.sql([[SELECT id, \(expression) AS v FROM subjects]])) do
              if row.v ~= nil and row.v ~= row.id and not seen[row.v] then
                seen[row.v] = true
                distinct = distinct + 1
              end
            end
            error('probe: ' .. (distinct <= 1 and 'one value' or distinct .. ' values'))
            """
        try probe(script, naming: ["probe: one value"])
    }

    static let sqlProbes: [Probe] = [
        (
            "a count of names by a real initial",
            "error('probe: ' .. ducha.sql([[SELECT count(*) AS n FROM subjects WHERE name LIKE ?]], { '%INITIAL%%' })[1].n)"
        ),
        (
            "a count of names equal to a real one",
            "error('probe: ' .. ducha.sql([[SELECT count(*) AS n FROM subjects WHERE name = ?]], { '%NAME%' })[1].n)"
        ),
        (
            "a count of two-character names",
            "error('probe: ' .. ducha.sql([[SELECT count(*) AS n FROM subjects WHERE length(name) BETWEEN 1 AND 4]])[1].n)"
        ),
        (
            "a join from handlings to subjects by name",
            "error('probe: ' .. ducha.sql([[SELECT count(*) AS n FROM handlings h JOIN subjects s ON s.id = h.subject WHERE s.name GLOB ?]], { '%INITIAL%*' })[1].n)"
        ),
        (
            "a name carried through a CTE",
            "error('probe: ' .. ducha.sql([[WITH x AS (SELECT name AS v FROM subjects) SELECT count(*) AS n FROM x WHERE v LIKE ?]], { '%INITIAL%%' })[1].n)"
        ),
        (
            "a name carried through a union",
            "error('probe: ' .. ducha.sql([[SELECT count(*) AS n FROM (SELECT id AS v FROM findings UNION ALL SELECT name FROM subjects) WHERE v LIKE ?]], { '%INITIAL%%' })[1].n)"
        ),
        (
            "a name compared in ORDER BY",
            "local rows = ducha.sql([[SELECT id FROM subjects ORDER BY name, id]])\nlocal ids = ducha.sql([[SELECT id FROM subjects ORDER BY id]])\nlocal same = true\nfor i = 1, #ids do if rows[i].id ~= ids[i].id then same = false end end\nerror('probe: ' .. tostring(same))"
        ),
        (
            "a case summary through SQL",
            "error('probe: ' .. ducha.sql([[SELECT count(*) AS n FROM cases WHERE summary IS NOT NULL]])[1].n)"
        ),
        (
            "a secret clue through SQL",
            "error('probe: ' .. ducha.sql([[SELECT count(*) AS n FROM clues WHERE summary IS NOT NULL OR reg_no IS NOT NULL]])[1].n)"
        ),
        (
            "an error that would echo a name as a JSON path",
            "local ok, e = pcall(ducha.sql, [[SELECT json_extract('{}', name) AS v FROM subjects]])\nerror('probe: ' .. tostring(e))"
        ),
        (
            "an error that would echo a name as JSON",
            "local ok, e = pcall(ducha.sql, [[SELECT json(name) AS v FROM subjects]])\nerror('probe: ' .. tostring(e))"
        ),
        (
            "the pseudonym function",
            "local ok, e = pcall(ducha.sql, [[SELECT ducha_pseudonym(name) AS v FROM subjects]])\nerror('probe: ' .. tostring(e))"
        ),
    ].map(Probe.init)

    @Test(arguments: sqlProbes)
    func sqlAnswersAsTheHiddenColumnsWould(_ probe: Probe) throws {
        let naming: [String]
        if probe.sentence.hasPrefix("a name compared in ORDER BY") {
            // With the names hidden every row ties, so ids come in their own order.
            naming = ["probe: true"]
        } else if probe.sentence.hasPrefix("an error") || probe.sentence.hasPrefix("the pseudonym") {
            naming = ["probe: "]
        } else {
            naming = ["probe: 0"]
        }
        try self.probe(probe.filled(), naming: naming)
    }

    @Test func aWriteCannotProbeAPseudonymForARealName() throws {
        // Insert a subject named as a real one, look at the pseudonym it gets, and count the
        // subjects showing that pseudonym: more than the new one would confirm the guess.
        // The error rolls the transaction back.
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        let script = """
            ducha.transaction(function()
              ducha.subjects:insert{ id = 'subject:probe', name = '\(try Self.realName())' }
              local pseudonym = ducha.subjects:where{ id = 'subject:probe' }:first().name
              error('probe: ' .. ducha.subjects:where{ name = pseudonym }:count())
            end)
            """
        try Hostile.expectCleanScript(
            script, options: [], in: workspace,
            naming: ["writing subjects.name (confidential) needs the confidential grant"])
    }

    @Test func anUpdateCannotProbeAPseudonymForARealName() throws {
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        let subjects = try Fixtures.subjects.get()
        let script = """
            ducha.transaction(function()
              ducha.subjects:where{ id = '\(subjects[0].id)' }:update{ name = '\(subjects[1].name)' }
              local pseudonym = ducha.subjects:where{ id = '\(subjects[0].id)' }:first().name
              error('probe: ' .. ducha.subjects:where{ name = pseudonym }:count())
            end)
            """
        try Hostile.expectCleanScript(
            script, options: [], in: workspace,
            naming: ["writing subjects.name (confidential) needs the confidential grant"])
    }

    @Test func aReferenceByARealNameFailsAsAnInventedOneDoes() throws {
        // Whether a name resolves would tell that it exists: both are refused alike.
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        func attempt(_ name: String) throws -> String {
            let outcome = try Hostile.expectCleanScript(
                """
                ducha.dispositions:insert{ id = 'disposition:probe', kind = ducha.codes('disposition_kind')[1],
                  decided_on = '2021-08-14', body = ducha.bodies:first().id, subjects = { '\(name)' } }
                """, options: [], in: workspace, naming: ["subjects"], echoing: [name])
            // Each attempt's script lives in a folder of its own: compare what follows its path.
            let message = outcome.standardError.replacingOccurrences(of: name, with: "NAME")
            return message.replacingOccurrences(
                of: #"\S*hostile\.lua"#, with: "hostile.lua", options: .regularExpression)
        }
        #expect(try attempt(Self.realName()) == attempt("甄无此人"))
    }

    @Test func anImportReferenceByARealNameFailsAsAnInventedOneDoes() throws {
        let workspace = try Fixtures.copy(Fixtures.sample.get())
        func attempt(_ name: String) throws -> String {
            let folder = try Hostile.scripts([
                "handlings.csv": "id,subject,form,decided_on\nhandling:probe,\(name),first,2021-08-14\n"
            ])
            let outcome = try Hostile.expectClean(
                ["import", folder.appendingPathComponent("handlings.csv").path, "--dry-run"], in: workspace,
                naming: ["row 2"], echoing: [name])
            return outcome.standardError.replacingOccurrences(of: name, with: "NAME")
                .replacingOccurrences(of: folder.path, with: "FOLDER")
        }
        #expect(try attempt(Self.realName()) == attempt("甄无此人"))
    }

    @Test(arguments: ["csv", "json", "xlsx"])
    func anExportShowsPseudonyms(format: String) throws {
        let workspace = try Fixtures.sample.get()
        for collection in ["subjects", "cases", "handlings", "dispositions"] {
            let folder = try Hostile.scripts([:])
            let file = folder.appendingPathComponent("\(collection).\(format)")
            let outcome = try Hostile.expectClean(
                ["export", collection, "--format", format, "--out", file.path], in: workspace, status: 0, naming: [],
                extraOutput: [file])
            #expect(outcome.status == 0)
            if format == "xlsx" {
                // The text of a workbook is in its XML parts: unpack them to read it.
                let text = folder.appendingPathComponent("text.xml")
                try Hostile.python(
                    "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nopen(sys.argv[2], 'wb').write(b''.join(z.read(n) for n in z.namelist()))",
                    [file.path, text.path])
                Hostile.expectNothingConfidential(in: [try String(contentsOf: text, encoding: .utf8)])
            }
        }
    }

    @Test func theSecretCollectionIsNotExported() throws {
        try Hostile.expectClean(
            ["export", "clues", "--format", "json"], in: Fixtures.sample.get(),
            naming: ["exporting the secret collection clues needs the secret grant"])
    }

    @Test func theAuditTrailShowsAnUnclearedReaderNoConfidentialValue() throws {
        // A cleared user records a subject; the same workspace read without the grant.
        let workspace = try Fixtures.copy(Fixtures.cleared.get())
        let written = try Ducha.run(
            ["-e", "ducha.subjects:insert{ id = 'subject:audited', name = '甄秘密', post = '科员' }"], in: workspace)
        try #require(written.status == 0, "\(written.standardError)")
        try Ducha.grant(["write"], in: workspace)
        let outcome = try Hostile.expectClean(["audit", "show"], in: workspace, status: 0, naming: [])
        #expect(outcome.standardOutput.contains("subject:audited"))
        #expect(!outcome.standardOutput.contains("甄秘密"))
        let sql = try Hostile.expectCleanScript(
            "local n = 0\nfor _, r in ipairs(ducha.sql([[SELECT * FROM ducha_audit]])) do for k, v in pairs(r) do if tostring(v):find('甄秘密') then n = n + 1 end end end\nerror('probe: ' .. n)",
            options: [], in: workspace, naming: [])
        #expect(!sql.standardError.contains("甄秘密"))
    }

    /// A plugin that does not declare `confidential = true` sees pseudonyms, even for a
    /// user who may see the values.
    static let pluginReports: [String: String] = [
        "first": "error('probe: ' .. ducha.subjects:first().name)",
        "filter": "error('probe: ' .. ducha.subjects:where{ name = '%REAL%' }:count())",
        "sql":
            "local n = 0\nfor _, r in ipairs(ducha.sql([[SELECT name FROM subjects]])) do if r.name then n = n + 1 end end\nerror('probe: ' .. n)",
        "path":
            "local ok = true\nfor r in ducha.handlings:select('subject.name'):each() do if not r['subject.name']:find('^化名%-') then ok = false end end\nerror('probe: ' .. tostring(ok))",
        "summary":
            "local n = 0\nfor r in ducha.cases:each() do if r.summary and not r.summary:find('^化名%-') then n = n + 1 end end\nerror('probe: ' .. n)",
    ]

    static let pluginWorkspace: Result<URL, Error> = Result {
        let workspace = try Fixtures.copy(Fixtures.cleared.get())
        let plugin = workspace.deletingLastPathComponent().appendingPathComponent("peek")
        try FileManager.default.createDirectory(
            at: plugin.appendingPathComponent("reports"), withIntermediateDirectories: true)
        var manifest = """
            name = "peek"
            version = "1.0.0"
            api = "^1.0"
            [permissions]
            read = ["*"]
            [reports]

            """
        let real = try realName()
        for (name, script) in pluginReports {
            manifest += "peek-\(name) = \"reports/\(name).lua\"\n"
            try Data(script.replacingOccurrences(of: "%REAL%", with: real).utf8)
                .write(to: plugin.appendingPathComponent("reports/\(name).lua"))
        }
        try Data(manifest.utf8).write(to: plugin.appendingPathComponent("plugin.toml"))
        let installed = try Ducha.run(["plugin", "install", plugin.path, "--allow-unsigned", "--yes"], in: workspace)
        guard installed.status == 0 else { throw ChildProcess.Failure(description: installed.standardError) }
        _ = try Ducha.run(["db", "info"], in: workspace)
        return workspace
    }

    @Test(arguments: pluginReports.keys.sorted())
    func aPluginWithoutTheConfidentialPermissionSeesPseudonyms(report: String) throws {
        let expected = [
            "first": "probe: 化名-", "filter": "probe: 0", "sql": "probe: 0", "path": "probe: true",
            "summary": "probe: 0",
        ][report]!
        try Hostile.expectClean(["report", "peek-\(report)"], in: Self.pluginWorkspace.get(), naming: [expected])
    }
}
