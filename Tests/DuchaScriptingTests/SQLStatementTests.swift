import DuchaScripting
import DuchaStore
import LuaKit
import Testing

/// `ducha.sql` runs one plain read at a time, with SQLite's ordinary functions and values
/// of bounded size; anything else is refused, saying what, and changes nothing.
@Suite struct SQLStatementTests {
    /// Statements that are not plain reads, and the word the refusal names them by.
    private let statements = [
        ("SAVEPOINT a", "SAVEPOINT"), ("RELEASE a", "RELEASE"), ("ROLLBACK TO a", "ROLLBACK"), ("BEGIN", "BEGIN"),
        ("COMMIT", "COMMIT"), ("END", "END"), ("ROLLBACK", "ROLLBACK"), ("ATTACH ':memory:' AS m", "ATTACH"),
        ("DETACH m", "DETACH"), ("PRAGMA user_version", "PRAGMA"), ("VACUUM", "VACUUM"), ("ANALYZE", "ANALYZE"),
        ("REINDEX", "REINDEX"), ("CREATE TEMP TABLE t (x)", "CREATE"), ("CREATE TEMP VIEW v AS SELECT 1", "CREATE"),
        ("DROP TABLE findings", "DROP"), ("ALTER TABLE findings ADD COLUMN x", "ALTER"),
        ("/* a note */ INSERT INTO taxonomy VALUES ('k', 'c', 'z', 'e', 1)", "INSERT"),
        ("WITH x AS (SELECT 1) INSERT INTO taxonomy SELECT 'k', 'c', 'z', 'e', 1 FROM x", "INSERT"),
        ("WITH x AS (SELECT 1) UPDATE findings SET risk = 1", "UPDATE"),
        ("WITH x AS (SELECT 1) DELETE FROM taxonomy", "DELETE"), ("EXPLAIN DELETE FROM taxonomy", "DELETE"),
    ]

    @Test func everyStatementThatIsNotAPlainReadIsRefused() throws {
        let list = statements.map { "[==[\($0.0)]==]" }.joined(separator: ", ")
        let results = try SampleWorkspace.run(
            """
            local before = ducha.sql('SELECT COUNT(*) AS n FROM taxonomy')[1].n
            local messages = {}
            for _, statement in ipairs{ \(list) } do
              local ok, message = pcall(ducha.sql, statement)
              messages[#messages + 1] = ok and '(ran)' or message
            end
            return messages, ducha.findings:where{ risk = true }:count(),
              ducha.sql('SELECT COUNT(*) AS n FROM taxonomy')[1].n == before
            """)
        let messages = results[0].tableValue?.sequence.compactMap(\.stringValue) ?? []
        #expect(messages.count == statements.count)
        for ((statement, word), message) in zip(statements, messages) {
            #expect(
                message.hasSuffix(
                    "ducha.sql runs only plain reads (SELECT, WITH … SELECT, VALUES), not \(word): "
                        + "use the collections' insert, update and delete to write"), "\(statement): \(message)")
        }
        #expect(results[2] == true)
        #expect(try SampleWorkspace.run("return ducha.findings:where{ risk = true }:count()") == [results[1]])
    }

    @Test func sqlCannotEndOrUndoTheTransactionItRunsIn() throws {
        let workspace = SampleWorkspace.fresh(grants: ["write"])
        let failure = SampleWorkspace.failureIn(
            """
            ducha.transaction(function()
              ducha.findings:where{ id = 'finding:city-001' }:update{ description = '改写' }
              for _, statement in ipairs{ 'COMMIT', 'ROLLBACK', 'SAVEPOINT a', 'RELEASE a', 'BEGIN' } do
                assert(not pcall(ducha.sql, statement), statement)
              end
              error('changed my mind')
            end)
            """, workspace: workspace)
        #expect(failure.hasSuffix(":6: changed my mind"), "\(failure)")
        #expect(
            try SampleWorkspace.run(
                "return ducha.findings:where{ id = 'finding:city-001', description = '改写' }:count()",
                workspace: workspace) == [0])
        #expect(try AuditTrail(store: workspace.openStore()).entries(visibleTo: .secret).isEmpty)
    }

    @Test func sqlRunsOneStatementAtATime() throws {
        for statement in ["SELECT 1 AS a; DELETE FROM taxonomy", "SELECT 1 AS a; ; DELETE FROM taxonomy"] {
            let failure = SampleWorkspace.failure("return ducha.sql([[\(statement)]])")
            #expect(failure.contains("ducha.sql runs one statement at a time"), "\(failure)")
        }
        #expect(try SampleWorkspace.run("return ducha.sql('SELECT 1 AS a; -- a note')[1].a") == [1])
    }

    @Test func functionsThatHandOutPointersProbeOrAllocateAreRefused() throws {
        for call in [
            "fts3_tokenizer('simple')", "zeroblob(10)", "load_extension('x')", "sqlite_compileoption_get(0)",
            "sqlite_source_id()", "changes()", "last_insert_rowid()",
        ] {
            let failure = SampleWorkspace.failure("return ducha.sql([[SELECT \(call) AS x]])")
            let name = call.prefix { $0 != "(" }
            #expect(failure.contains("ducha.sql: \(name)() is not available"), "\(call): \(failure)")
        }
        #expect(
            SampleWorkspace.failure("return ducha.sql('SELECT randomblob(2000) AS x')")
                .contains("ducha.sql: randomblob gives at most 1024 bytes, not 2000"))
        #expect(
            SampleWorkspace.failure(
                "return ducha.sql('SELECT length(?) AS n', { string.rep('x', 64 * 1024 * 1024 + 1) })"
            )
            .contains("parameter 1 is longer than 64 MiB"))
    }

    @Test func sqlitesOrdinaryFunctionsWorkWithinBounds() throws {
        let results = try SampleWorkspace.run(
            """
            local row = ducha.sql([[
              SELECT length(randomblob(16)) AS blob, sqrt(16) AS root, 'a' LIKE 'A' AS liked, '{"a":1}' ->> '$.a' AS json,
                date('2021-08-14', '+1 day') AS day, printf('%03d', 7) AS printed, unlikely(1) AS unlikely,
                length(printf('%.*c', 100000000, 'x')) AS huge,
                (SELECT COUNT(*) FROM json_each('[1, 2, 3]')) AS items,
                (SELECT MAX(n) FROM (SELECT row_number() OVER () AS n FROM findings)) AS numbered]])[1]
            return row.blob, row.root, row.liked, row.json, row.day, row.printed, row.unlikely, row.huge, row.items,
              row.numbered
            """)
        #expect(results == [16, 4.0, 1, 1, "2021-08-15", "007", 1, .nil, 3, 172])
    }
}
