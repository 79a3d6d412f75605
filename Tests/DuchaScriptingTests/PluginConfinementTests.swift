import DuchaPlugins
import DuchaReports
import DuchaScripting
import DuchaStore
import Foundation
import LuaKit
import Testing

/// Plugin code runs confined: it reads and writes only the collections it declares, sees
/// confidential values only when it declares them and the user holds the grant, writes
/// files only under its folders, stops at the limits and reaches nothing outside its sandbox.
@Suite struct PluginConfinementTests {
    // MARK: Reading

    @Test func aPluginReadsTheCollectionsItDeclares() throws {
        let plugin = try TestPlugin(manifest: readingFindings)
        let results = try plugin.run(
            """
            return ducha.findings:count(), #ducha.findings:select('unit', 'category'):rows(),
              ducha.sql('SELECT COUNT(*) AS n FROM findings')[1].n,
              ducha.sql('WITH c(x) AS (VALUES (1), (2)) SELECT COUNT(*) AS n FROM c')[1].n
            """)
        #expect(results == [172, 172, 172, 2])
    }

    @Test func readingAnUndeclaredCollectionIsRefused() throws {
        let plugin = try TestPlugin(manifest: readingFindings)
        let refusal = #"plugin probe may not read 'units': it declares read = ["findings"] in plugin.toml"#
        for source in ["return ducha.units:count()", "return ducha.units:rows()", "return ducha.units:first()"] {
            #expect(plugin.failure(source).contains(refusal), "\(source)")
        }
    }

    @Test func aPathThroughAnUndeclaredCollectionIsRefused() throws {
        let plugin = try TestPlugin(manifest: readingFindings)
        let cases = [
            ("return ducha.findings:select('unit.name'):rows()", "units"),
            ("return ducha.findings:where{ ['unit.key_place'] = true }:count()", "units"),
            ("return ducha.findings:order_by('unit.name'):first()", "units"),
            ("return ducha.findings:count_by('unit.sector')", "units"),
            ("return ducha.findings:where{ ['bulletins.issue_no'] = 1 }:count()", "bulletins"),
            ("return ducha.findings:where{ ['rectification.status'] = 'done' }:count()", "rectifications"),
        ]
        for (source, collection) in cases {
            #expect(plugin.failure(source).contains("plugin probe may not read '\(collection)'"), "\(source)")
        }
    }

    @Test func aToManyPathFromADeclaredCollectionStopsAtAnUndeclaredOne() throws {
        let plugin = try TestPlugin(
            manifest: """
                [permissions]
                read = ["bulletins"]
                """)
        #expect(try plugin.run("return ducha.bulletins:select('id'):count() > 0") == [true])
        #expect(
            plugin.failure("return ducha.bulletins:where{ ['findings.risk'] = true }:count()")
                .contains("plugin probe may not read 'findings'"))
        #expect(
            plugin.failure("return ducha.bulletins:select('findings.category'):rows()")
                .contains("plugin probe may not read 'findings'"))
    }

    @Test func aPluginReadsADeclaredCollectionWhoseListsReferToUndeclaredOnes() throws {
        let plugin = try TestPlugin(
            manifest: """
                [permissions]
                read = ["bulletins"]
                """)
        #expect(try plugin.run("return ducha.sql('SELECT COUNT(*) AS n FROM bulletins__findings')[1].n > 0") == [true])
        #expect(try plugin.run(everyListedFinding) == [true])
    }

    @Test func sqlRefusesTablesOfUndeclaredCollections() throws {
        let plugin = try TestPlugin(manifest: readingFindings)
        let cases = [
            ("SELECT COUNT(*) FROM units", "units"),
            ("SELECT f.id, u.name FROM findings f JOIN units u ON u.id = f.unit", "units"),
            ("SELECT id FROM findings WHERE unit IN (SELECT id FROM units WHERE key_place)", "units"),
            ("WITH named AS (SELECT name FROM units) SELECT * FROM named", "units"),
            ("SELECT * FROM bulletins__findings", "bulletins"),
            ("SELECT name FROM sqlite_master", "sqlite_master"),
        ]
        for (sql, table) in cases {
            let failure = plugin.failure("return ducha.sql([[\(sql)]])")
            #expect(failure.contains("ducha.sql: plugin probe may not read '\(table)'"), "\(sql): \(failure)")
        }
    }

    @Test func readingEverythingNeedsTheStar() throws {
        let plugin = try TestPlugin(
            manifest: """
                [permissions]
                read = ["*"]
                """)
        let results = try plugin.run(
            """
            return ducha.units:count() > 0, ducha.findings:select('unit.name'):first()['unit.name'] ~= nil,
              ducha.sql('SELECT COUNT(*) AS n FROM units')[1].n == ducha.units:count()
            """)
        #expect(results == [true, true, true])
        #expect(try plugin.run(everyListedFinding) == [true])
    }

    @Test func aPluginDeclaringNothingReadsNothing() throws {
        let plugin = try TestPlugin()
        #expect(plugin.failure("return ducha.findings:count()").contains("plugin probe may not read 'findings'"))
        #expect(plugin.failure("return ducha.sql('SELECT 1 FROM findings')").contains("may not read 'findings'"))
    }

    // MARK: Confidential values

    /// The first subject's name three ways: a query, a filter on the real name, and SQL.
    private let subjectProbe = """
        return ducha.subjects:order_by('id'):first().name, ducha.subjects:where{ name = ... }:count(),
          ducha.sql('SELECT name FROM subjects ORDER BY id LIMIT 1')[1].name
        """

    @Test func confidentialTextIsAPseudonymUnlessThePluginDeclaresIt() throws {
        let plugin = try TestPlugin(manifest: readingSubjects)
        let results = try plugin.run(
            subjectProbe, in: SampleWorkspace.confidential, arguments: [try realSubjectName()])
        #expect(results[0].stringValue?.hasPrefix("化名-") == true)
        #expect(results[1] == 0)
        #expect(results[2] == .nil)
    }

    @Test func aPluginDeclaringConfidentialSeesTheRealValueWithTheUsersGrant() throws {
        let plugin = try TestPlugin(manifest: readingSubjects + "confidential = true\n")
        let realName = try realSubjectName()
        let results = try plugin.run(
            subjectProbe, in: SampleWorkspace.confidential, arguments: [realName])
        #expect(results == [LuaValue(realName), 1, LuaValue(realName)])
    }

    @Test func aPluginDeclaringConfidentialStillSeesPseudonymsWithoutTheUsersGrant() throws {
        let plugin = try TestPlugin(manifest: readingSubjects + "confidential = true\n")
        let results = try plugin.run(
            subjectProbe, arguments: [try realSubjectName()])
        #expect(results[0].stringValue?.hasPrefix("化名-") == true)
        #expect(results[1] == 0)
        #expect(results[2] == .nil)
    }

    @Test func aPluginNeverSeesSecretText() throws {
        let workspace = try freshSample(grants: ["secret"])
        let trusted = try SampleWorkspace.run("return ducha.clues:order_by('id'):first().summary", workspace: workspace)
        #expect(trusted[0].stringValue?.hasPrefix("化名-") == false)
        let plugin = try TestPlugin(
            manifest: """
                [permissions]
                read = ["clues"]
                confidential = true
                """)
        let results = try plugin.run(
            """
            return ducha.clues:order_by('id'):first().summary,
              ducha.sql('SELECT summary FROM clues ORDER BY id LIMIT 1')[1].summary
            """, in: workspace)
        #expect(results[0].stringValue?.hasPrefix("化名-") == true)
        #expect(results[1] == .nil)
    }

    @Test func aPluginThatMayNotSeeConfidentialValuesNeitherWritesNorLooksThemUp() throws {
        let workspace = try freshSample(grants: ["write"])
        let plugin = try TestPlugin(
            manifest: """
                [permissions]
                read = ["handlings", "subjects"]
                write = ["handlings", "subjects"]
                """)
        let realName = try realSubjectName()
        let refusal = "that needs confidential = true in plugin.toml and the user's confidential grant"
        let cases = [
            (
                "ducha.handlings:insert{ id = 'handling:probe', subject = ..., form = 'first', decided_on = '2021-08-14' }",
                "plugin probe may not write handlings (a confidential collection): \(refusal)"
            ),
            (
                "ducha.subjects:insert{ id = 'subject:probe', name = ... }",
                "plugin probe may not write subjects.name (confidential): \(refusal)"
            ),
            (
                "ducha.subjects:where{ id = 'subject-001' }:update{ name = ... }",
                "plugin probe may not write subjects.name (confidential): \(refusal)"
            ),
            ("return ducha.handlings:where{ subject = ... }:count()", "no record of subjects has the id or name"),
        ]
        for (source, expected) in cases {
            let failure = plugin.failure(source, in: workspace, arguments: [realName])
            #expect(failure.contains(expected), "\(source): \(failure)")
        }
        #expect(try AuditTrail(store: workspace.openStore()).entries(visibleTo: .secret).isEmpty)
    }

    @Test func aPluginDeclaringConfidentialWritesConfidentialFieldsWithTheUsersGrant() throws {
        let manifest = """
            [permissions]
            read = ["subjects", "clues"]
            write = ["subjects", "clues"]
            confidential = true
            """
        let plugin = try TestPlugin(manifest: manifest)
        let withoutGrant = plugin.failure(
            "ducha.subjects:insert{ id = 'subject:probe', name = '新对象' }", in: try freshSample(grants: ["write"]))
        #expect(withoutGrant.contains("plugin probe may not write subjects.name (confidential)"), "\(withoutGrant)")
        let granted = try freshSample(grants: ["write", "confidential", "secret"])
        let results = try plugin.run(
            """
            ducha.subjects:insert{ id = 'subject:probe', name = '新对象' }
            return ducha.subjects:where{ id = 'subject:probe' }:first().name
            """, in: granted)
        #expect(results == ["新对象"])
        let secret = plugin.failure("ducha.clues:where{ id = 'clue:1' }:update{ status = '探针' }", in: granted)
        #expect(
            secret.contains("plugin probe may not write clues (a secret collection): plugins never see secret values"),
            "\(secret)")
    }

    // MARK: Writing

    @Test func aPluginWritesADeclaredCollectionWithTheUsersGrant() throws {
        let workspace = try freshSample(grants: ["write"])
        let plugin = try TestPlugin(manifest: writingFindings)
        let results = try plugin.run(
            """
            local updated = ducha.findings:where{ id = 'finding:city-001' }:update{ description = '探针改写' }
            return updated, ducha.findings:where{ id = 'finding:city-001' }:first().description
            """, in: workspace)
        #expect(results == [1, "探针改写"])
        let trail = AuditTrail(store: try workspace.openStore())
        #expect(try trail.entries(visibleTo: .secret).map(\.action) == ["update"])
    }

    @Test func writingAnUndeclaredCollectionIsRefusedAndChangesNothing() throws {
        let workspace = try freshSample(grants: ["write"])
        let plugin = try TestPlugin(manifest: writingFindings)
        let units = try plugin.run("return ducha.units:count()", in: workspace)
        let refusal = #"plugin probe may not write 'units': it declares write = ["findings"] in plugin.toml"#
        let cases = [
            ("ducha.units:where{ id = 'unit:wanda-mall' }:update{ sector = '探针' }", refusal),
            ("ducha.units:insert{ id = 'unit:probe', name = '探针单位', kind = 'mall' }", refusal),
            ("ducha.units:where{ id = 'unit:wanda-mall' }:delete()", refusal),
            (
                """
                ducha.transaction(function()
                  ducha.findings:where{ id = 'finding:city-001' }:update{ description = '探针改写' }
                  ducha.units:where{ id = 'unit:wanda-mall' }:update{ sector = '探针' }
                end)
                """, refusal
            ),
            ("ducha.people:where{ role = 'leader' }:update{ title = '探针' }", "plugin probe may not read 'people'"),
        ]
        for (source, expected) in cases {
            let failure = plugin.failure(source, in: workspace)
            #expect(failure.contains(expected), "\(source): \(failure)")
        }
        let check = try plugin.run(
            """
            return ducha.units:where{ id = 'unit:wanda-mall' }:first().sector, ducha.units:count(),
              ducha.findings:where{ id = 'finding:city-001' }:first().description ~= '探针改写'
            """, in: workspace)
        #expect(check == ["商贸", units[0], true])
        #expect(try AuditTrail(store: workspace.openStore()).entries(visibleTo: .secret).isEmpty)
    }

    @Test func aDeclaredWriteIsRefusedWithoutTheUsersGrant() throws {
        let workspace = try freshSample(grants: [])
        let plugin = try TestPlugin(manifest: writingFindings)
        let failure = plugin.failure(
            "ducha.findings:where{ id = 'finding:city-001' }:update{ description = '探针改写' }", in: workspace)
        #expect(failure.contains("writing needs the write grant"), "\(failure)")
        #expect(try AuditTrail(store: workspace.openStore()).entries(visibleTo: .secret).isEmpty)
    }

    // MARK: Files

    @Test func aPluginSavesUnderItsDeclaredFolderInTheWorkspace() throws {
        let workspace = try freshSample(grants: [])
        let plugin = try TestPlugin(manifest: writingOut)
        try plugin.run(
            """
            local report = require 'ducha.report'
            report.title('探针报告')
            report.save('out/x.md')
            report.save('out/weekly/y.md')
            """, in: workspace)
        let saved = try String(contentsOf: workspace.directory.appendingPathComponent("out/x.md"), encoding: .utf8)
        #expect(saved.contains("探针报告"))
        #expect(
            FileManager.default.fileExists(atPath: workspace.directory.appendingPathComponent("out/weekly/y.md").path))
    }

    @Test func savingOutsideTheDeclaredFolderIsRefused() throws {
        let workspace = try freshSample(grants: [])
        let plugin = try TestPlugin(manifest: writingOut)
        let escaped = "escaped-\(UUID().uuidString).md"
        let outside = workspace.directory.deletingLastPathComponent()
        let cases = [
            ("x.md", workspace.directory.appendingPathComponent("x.md")),
            ("../\(escaped)", outside.appendingPathComponent(escaped)),
            ("/tmp/\(escaped)", URL(fileURLWithPath: "/tmp/\(escaped)")),
            ("out/../x.md", workspace.directory.appendingPathComponent("x.md")),
            ("outbox/x.md", workspace.directory.appendingPathComponent("outbox/x.md")),
            ("out/../../\(escaped)", outside.appendingPathComponent(escaped)),
        ]
        for (path, target) in cases {
            let failure = plugin.failure("require('ducha.report').save('\(path)')", in: workspace)
            let refusal = "plugin probe may not write '\(path)': it may write only under out/ in the workspace"
            #expect(failure.contains(refusal), "\(path): \(failure)")
            #expect(!FileManager.default.fileExists(atPath: target.path), "\(path)")
        }
    }

    @Test func aPluginSavesReportsOnlyNeverCodeOrSettings() throws {
        let workspace = try freshSample(grants: [])
        let plugin = try TestPlugin(manifest: writingOut)
        for path in ["out/overview.lua", "out/plugin.toml", "out/ducha.sqlite", "out/notes"] {
            let failure = plugin.failure("require('ducha.report').save('\(path)', 'markdown')", in: workspace)
            #expect(
                failure.contains("a plugin saves reports only, as .txt, .md, .csv, .json, .html files"), "\(failure)")
            #expect(!FileManager.default.fileExists(atPath: workspace.directory.appendingPathComponent(path).path))
        }
        #expect(throws: ManifestError.self) {
            try TestPlugin(manifest: "[permissions]\nfiles = [\"reports/\"]\n")
        }
    }

    @Test func sqlCannotReachTheAuditTrailOrThePseudonymFunction() throws {
        let everything = try TestPlugin(manifest: "[permissions]\nread = [\"*\"]\n")
        #expect(everything.failure("return ducha.sql('SELECT detail FROM audit')").contains("may not read 'audit'"))
        #expect(everything.failure("return ducha.sql('SELECT name FROM sqlite_master')").contains("may not read"))
        #expect(
            everything.failure("return ducha.sql(\"SELECT ducha_pseudonym('张三') AS p\")")
                .contains("ducha_pseudonym() is for the host's own queries"))
        let trusted = SampleWorkspace.failure("return ducha.sql(\"SELECT ducha_pseudonym('张三') AS p\")")
        #expect(trusted.contains("ducha_pseudonym() is for the host's own queries"))
        let workspace = try freshSample(grants: ["write"])
        let details = try SampleWorkspace.run(
            """
            ducha.findings:where{ id = 'finding:city-001' }:update{ description = '写入' }
            return #ducha.sql('SELECT detail FROM audit WHERE detail IS NOT NULL')
            """, workspace: workspace)
        #expect(details == [0])
    }

    @Test func anOutputFormatOnlyReturnsText() throws {
        let workspace = try freshSample(grants: [])
        try FileManager.default.createDirectory(
            at: workspace.directory.appendingPathComponent("plugins"), withIntermediateDirectories: true)
        let format = try TestPlugin(
            "leaky",
            manifest: "[permissions]\nread = [\"*\"]\nfiles = [\"out/\"]\n[formats]\nleak = \"leak.lua\"\n",
            files: [
                "leak.lua": """
                return function(document)
                  local read = pcall(function() return ducha.findings:count() end)
                  local saved = pcall(function() require('ducha.report').save('out/stolen.md') end)
                  return tostring(read) .. " " .. tostring(saved) .. " " .. #document
                end
                """
            ])
        try FileManager.default.copyItem(
            at: format.installed.folder, to: workspace.directory.appendingPathComponent("plugins/leaky"))
        let document = ReportDocument(blocks: [.title("毛平"), .text("x")])
        let text = try PluginRuns.render(document, format: "leak", catalog: PluginCatalog(workspace: workspace))
        #expect(text == "false false 2")
        #expect(!FileManager.default.fileExists(atPath: workspace.directory.appendingPathComponent("out").path))
    }

    @Test func aDeclaredCollectionYouWriteIsOneYouReadAndTheSummarySaysSo() throws {
        let manifest = try PluginManifest(
            parsing: "name = \"w\"\nversion = \"1.0.0\"\napi = \"^1.0\"\n[permissions]\nwrite = [\"subjects\"]\n",
            file: "plugin.toml")
        #expect(manifest.permissions.summary.first == "reads: subjects")
        let both = try PluginManifest(
            parsing:
                "name = \"w\"\nversion = \"1.0.0\"\napi = \"^1.0\"\n[permissions]\nread = [\"units\"]\nwrite = [\"findings\", \"units\"]\n",
            file: "plugin.toml")
        #expect(both.permissions.summary.first == "reads: units, findings")
    }

    @Test func aPluginDeclaringNoFilesSavesNothing() throws {
        let workspace = try freshSample(grants: [])
        let plugin = try TestPlugin(manifest: readingFindings)
        for path in ["out/x.md", "x.md", "/tmp/x-\(UUID().uuidString).md"] {
            let failure = plugin.failure("require('ducha.report').save('\(path)')", in: workspace)
            #expect(
                failure.contains("plugin probe may not write files: it declares no files = [...] in plugin.toml"),
                "\(path): \(failure)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.directory.appendingPathComponent("out").path))
    }

    // MARK: Limits

    @Test func pluginCodeRunsWithTheSandboxLimitsByDefault() throws {
        let plugin = try TestPlugin()
        let host = try ScriptHost(options: ScriptOptions(workspace: SampleWorkspace.shared, plugin: plugin.context()))
        #expect(host.state.limits == .sandboxDefault)
    }

    @Test func anEndlessLoopStopsAtTheTimeLimit() throws {
        let plugin = try TestPlugin(
            manifest: """
                [reports]
                spin = "reports/spin.lua"
                """,
            files: ["reports/spin.lua": "while true do pcall(function() while true do end end) end\n"])
        let error = try #require(throws: LuaError.self) {
            try PluginRuns.document(
                of: plugin.context(), file: "reports/spin.lua", workspace: SampleWorkspace.shared, asOf: nil,
                limits: LuaLimits(seconds: 0.5))
        }
        #expect(error.kind == .timeLimit)
        #expect(error.message.contains("probe/reports/spin.lua:1: time limit exceeded (0.5 s)"), "\(error.message)")
    }

    @Test func anEndlessLoopStopsAtTheInstructionLimit() throws {
        let plugin = try TestPlugin(files: ["reports/spin.lua": "local n = 0\nwhile true do n = n + 1 end\n"])
        let host = try plugin.host(limits: LuaLimits(instructions: 1_000_000, seconds: 10))
        let error = try #require(throws: LuaError.self) { try host.runPluginScript("reports/spin.lua") }
        #expect(error.kind == .instructionLimit)
        #expect(error.message.contains("instruction limit exceeded (1000000 instructions)"), "\(error.message)")
    }

    @Test func anAllocationBombStopsAtTheMemoryLimit() throws {
        let plugin = try TestPlugin(
            files: ["reports/bomb.lua": "local t = {}\nwhile true do t[#t + 1] = ('x'):rep(4096) .. #t end\n"])
        let host = try plugin.host(limits: LuaLimits(memoryBytes: 32 << 20, seconds: 10))
        let error = try #require(throws: LuaError.self) { try host.runPluginScript("reports/bomb.lua") }
        #expect(error.kind == .memory)
        #expect(error.message.contains("not enough memory"), "\(error.message)")
    }

    // MARK: Sandbox

    @Test func pluginCodeSeesOnlyTheSafeLibrary() throws {
        let plugin = try TestPlugin()
        let results = try plugin.run(
            """
            return type(io), type(os.execute), type(os.getenv), type(os.remove), type(os.exit), type(debug),
              type(package), type(dofile), type(loadfile), type(string.dump), type(os.time), type(require)
            """)
        #expect(
            results == ["nil", "nil", "nil", "nil", "nil", "nil", "nil", "nil", "nil", "nil", "function", "function"])
        #expect(plugin.failure("collectgarbage('collect')").contains("only \"count\" is allowed here"))
        #expect(plugin.failure("string.upper = nil").contains("attempt to modify read-only table 'string'"))
    }

    @Test func loadCompilesTextButNeverBytecode() throws {
        let plugin = try TestPlugin()
        let results = try plugin.run(
            """
            local binary, message = load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n', '=blob', 'b')
            return binary, message, load('return io', '=text', 't')()
            """)
        #expect(results[0] == .nil)
        #expect(results[1].stringValue?.contains("attempt to load a binary chunk") == true, "\(results)")
        #expect(results[2] == .nil)
    }

    @Test func requireReachesThePluginsOwnModulesOnce() throws {
        let plugin = try TestPlugin(
            manifest: "main = \"init.lua\"\n",
            files: [
                "init.lua": "return { name = 'probe main' }\n",
                "lib/util.lua": "loads = (loads or 0) + 1\nreturn { loads = loads }\n",
            ])
        let results = try plugin.run(
            """
            local main = require 'probe'
            local first = require 'probe.lib.util'
            local second = require 'probe.lib.util'
            return main.name, main == require 'probe', first == second, loads, require('ducha.report').title ~= nil
            """)
        #expect(results == ["probe main", true, true, 1, true])
    }

    @Test func aModuleThatRequiresItselfStopsInsteadOfRecursingForever() throws {
        let plugin = try TestPlugin(
            manifest: "main = \"init.lua\"\n", files: ["init.lua": "local again = require 'probe'\nreturn {}\n"])
        #expect(plugin.failure("return require 'probe'").contains("stack overflow"))
    }

    @Test func requireRefusesWhatThePluginDoesNotDeclare() throws {
        let helper = try TestPlugin("helper", manifest: "main = \"init.lua\"\n", files: ["init.lua": "return {}\n"])
        let stranger = try TestPlugin(
            "stranger", manifest: "main = \"init.lua\"\n", files: ["init.lua": "return {}\n"])
        let plugin = try TestPlugin(
            manifest: """
                main = "init.lua"

                [dependencies]
                helper = "^1.0"
                absent = "^1.0"
                """,
            files: ["init.lua": "return {}\n", "lib/blob.lua": "\u{1B}Lua\u{54}\u{0}"])
        let allowed = "plugin probe may require probe and probe.*, its dependencies (absent, helper), and ducha.report"
        let cases = [
            ("stranger", "module 'stranger' not found: \(allowed)"),
            ("io", "module 'io' not found: \(allowed)"),
            ("string", "module 'string' not found: \(allowed)"),
            ("absent", "module 'absent' not found: \(allowed)"),
            ("probe.lib.missing", "module 'probe.lib.missing' not found: plugin probe has no lib/missing.lua"),
            ("probe.lib..util", "module 'probe.lib..util' is not a module name"),
            ("probe./etc/passwd", "module 'probe./etc/passwd' is not a module name"),
            ("helper.ghost", "module 'helper.ghost' not found: plugin helper has no ghost.lua"),
            ("probe.lib.blob", "probe/lib/blob.lua: a precompiled (binary) chunk cannot be loaded"),
        ]
        for (name, expected) in cases {
            let failure = plugin.failure("return require '\(name)'", with: [helper, stranger])
            #expect(failure.contains(expected), "\(name): \(failure)")
        }
    }

    @Test func requireRefusesADisabledDependencyWithoutRunningIt() throws {
        let helper = try TestPlugin(
            "helper", manifest: "main = \"init.lua\"\n", files: ["init.lua": "error('helper ran')\n"], enabled: false)
        let plugin = try TestPlugin(manifest: "[dependencies]\nhelper = \"^1.0\"\n")
        let failure = plugin.failure("return require 'helper'", with: [helper])
        #expect(
            failure.contains(
                "module 'helper' cannot be loaded: plugin helper is disabled (`ducha plugin enable helper` switches it on)"
            ), "\(failure)")
        #expect(!failure.contains("helper ran"))
    }

    @Test func aDependencyRunsInItsOwnEnvironment() throws {
        let helper = try TestPlugin(
            "helper", manifest: "main = \"init.lua\"\n",
            files: [
                "init.lua": """
                helper_loaded = true
                local helper = require 'helper.util'
                function helper.seen() return helper_loaded, probe_secret end
                function helper.count() return ducha.findings:count() end
                function helper.units() return pcall(function() return ducha.units:count() end) end
                function helper.reach() return pcall(require, 'probe') end
                return helper
                """,
                "util.lua": "return { from = 'helper.util' }\n",
            ])
        let plugin = try TestPlugin(
            manifest: """
                [dependencies]
                helper = "^1.0"

                [permissions]
                read = ["findings"]
                """)
        let results = try plugin.run(
            """
            probe_secret = 'mine'
            local helper = require 'helper'
            local loaded, secret = helper.seen()
            local read_units, units_message = helper.units()
            local reached, reach_message = helper.reach()
            return helper.from, loaded, secret, helper_loaded, helper.count(), read_units, units_message, reached,
              reach_message
            """, with: [helper])
        #expect(results[0] == "helper.util")
        #expect(results[1] == true)
        #expect(results[2] == .nil)
        #expect(results[3] == .nil)
        #expect(results[4] == 172)
        #expect(results[5] == false)
        #expect(results[6].stringValue?.contains("plugin probe may not read 'units'") == true, "\(results[6])")
        #expect(results[7] == false)
        #expect(
            results[8].stringValue?.contains(
                "module 'probe' not found: plugin helper may require helper and helper.*, and ducha.report") == true,
            "\(results[8])")
    }

    // MARK: Specs

    @Test func specsReportEachPassAndFailureWithItsPlace() throws {
        let plugin = try TestPlugin(
            manifest: readingFindings,
            files: [
                "spec/probe_spec.lua": """
                describe("probe", function()
                  it("counts findings", function()
                    assert.equals(172, ducha.findings:count())
                  end)

                  it("fails on purpose", function()
                    assert.equals(1, 2)
                  end)
                end)
                """
            ])
        let results = try PluginSpecs.run(plugin.context(), workspace: SampleWorkspace.shared)
        #expect(results.map(\.file) == ["spec/probe_spec.lua", "spec/probe_spec.lua"])
        #expect(results.map(\.name) == ["probe counts findings", "probe fails on purpose"])
        #expect(results.map(\.status) == [.passed, .failed])
        #expect(results.map(\.message) == [nil, "probe/spec/probe_spec.lua:7: expected 1, got 2"])
    }

    @Test func specsRunReportsAndStayConfined() throws {
        let plugin = try TestPlugin(
            manifest: readingFindings + "\n[reports]\nsummary = \"reports/summary.lua\"\n",
            files: [
                "reports/summary.lua": """
                local report = require 'ducha.report'
                report.title('探针')
                report.text('%d', ducha.findings:count())
                """,
                "spec/a_broken_spec.lua": "describe('broken', function(\n",
                "spec/b_report_spec.lua": """
                it("runs its report", function()
                  local blocks = run_report("summary")
                  assert.equals(2, #blocks)
                  assert.equals("title", blocks[1].type)
                  assert.equals("172", blocks[2].text)
                end)

                it("cannot read units", function()
                  ducha.units:count()
                end)

                it("has no report it does not declare", function()
                  run_report("ghost")
                end)
                """,
            ])
        let results = try PluginSpecs.run(plugin.context(), workspace: SampleWorkspace.shared)
        try #require(results.count == 4)
        #expect(results[0].name == "(loading spec/a_broken_spec.lua)")
        #expect(results[0].status == .failed)
        #expect(results[1].name == "runs its report")
        #expect(results[1].status == .passed, "\(results[1].message ?? "")")
        #expect(results[2].status == .failed)
        #expect(results[2].message?.contains("plugin probe may not read 'units'") == true, "\(results[2])")
        #expect(results[3].status == .failed)
        #expect(
            results[3].message?.contains("plugin probe has no report 'ghost' (it has: summary)") == true,
            "\(results[3])")
    }
}

// MARK: Fixtures

private let readingFindings = """
    [permissions]
    read = ["findings"]
    """

/// Whether the bulletins' rows list every finding their list table holds.
private let everyListedFinding = """
    local listed = 0
    for _, bulletin in ipairs(ducha.bulletins:rows()) do listed = listed + #(bulletin.findings or {}) end
    return listed > 0 and listed == ducha.sql('SELECT COUNT(*) AS n FROM bulletins__findings')[1].n
    """

private let readingSubjects = """
    [permissions]
    read = ["subjects"]

    """

private let writingFindings = """
    [permissions]
    read = ["findings", "units"]
    write = ["findings"]
    """

private let writingOut = """
    [permissions]
    files = ["out/"]
    """

/// The real name of the first subject, as a reader with the grant sees it.
private func realSubjectName() throws -> String {
    let name = try SampleWorkspace.run(
        "return ducha.subjects:order_by('id'):first().name", workspace: SampleWorkspace.confidential)[0]
    return try #require(name.stringValue)
}

/// A new workspace holding the sample, whose user holds `grants`.
private func freshSample(grants: [String]) throws -> Workspace {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ducha-confined-\(UUID().uuidString)")
    let workspace = try Workspace.create(
        at: folder,
        configuration: WorkspaceConfiguration(
            name: "confined", asOf: YiyangSample.asOf, identity: .init(user: "analyst", grants: grants)))
    try workspace.openStore().insert(YiyangSample.records())
    return workspace
}

/// A plugin written into a folder of its own: `plugin.toml` (name, version and api, then
/// `manifest`) and its files by path.
private struct TestPlugin {
    let installed: InstalledPlugin

    init(_ name: String = "probe", manifest: String = "", files: [String: String] = [:], enabled: Bool = true) throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ducha-plugin-\(UUID().uuidString)").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let header = "name = \"\(name)\"\nversion = \"1.0.0\"\napi = \"^1.0\"\n"
        try Data((header + manifest).utf8).write(to: folder.appendingPathComponent(PluginManifest.fileName))
        for (path, text) in files {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        installed = InstalledPlugin(manifest: try PluginManifest(folder: folder), folder: folder, isEnabled: enabled)
    }

    /// This plugin running, with `others` installed beside it.
    func context(with others: [TestPlugin] = []) -> PluginContext {
        let all = ([self] + others).map { ($0.installed.manifest.name, $0.installed) }
        return PluginContext(plugin: installed, available: Dictionary(uniqueKeysWithValues: all))
    }

    func host(
        in workspace: Workspace = SampleWorkspace.shared, limits: LuaLimits? = nil, with others: [TestPlugin] = []
    ) throws -> ScriptHost {
        try ScriptHost(options: ScriptOptions(limits: limits, workspace: workspace, plugin: context(with: others)))
    }

    /// Runs `source` as this plugin's code; `arguments` are the chunk's `...`.
    @discardableResult
    func run(
        _ source: String, in workspace: Workspace = SampleWorkspace.shared, arguments: [String] = [],
        with others: [TestPlugin] = []
    ) throws -> [LuaValue] {
        let host = try host(in: workspace, with: others)
        return try host.runSource(
            Array(source.utf8), name: "\(installed.manifest.name)/probe.lua", arguments: arguments
        ).map { try $0.map(host.state.value(of:)) ?? .nil }
    }

    /// The message of the error `source` raises as this plugin's code.
    func failure(
        _ source: String, in workspace: Workspace = SampleWorkspace.shared, arguments: [String] = [],
        with others: [TestPlugin] = []
    ) -> String {
        do {
            try run(source, in: workspace, arguments: arguments, with: others)
            return "(no error)"
        } catch {
            return "\(error)"
        }
    }
}
