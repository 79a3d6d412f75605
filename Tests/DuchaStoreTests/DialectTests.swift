import DuchaModel
import Testing

@testable import DuchaStore

/// A dialect unlike SQLite in every choice it makes, to show that query compilation
/// takes each engine-specific piece of SQL from the dialect.
private struct NumberedDialect: SQLDialect {
    func quote(_ identifier: String) -> String { "`\(identifier)`" }
    func columnType(for type: FieldType) -> String { "VARCHAR" }
    func placeholder(_ position: Int) -> String { "$\(position)" }
    func listAggregate(_ expression: String) -> String { "string_agg(\(expression), chr(31))" }
    func insertionOrder(of alias: String) -> String { "\(alias).inserted" }
    func limitClause(limit: String?, offset: String?) -> String {
        (limit.map { "LIMIT \($0)" } ?? "LIMIT ALL") + (offset.map { " OFFSET \($0)" } ?? "")
    }
    func insert(into table: String, columns: [String], ignoringDuplicates: Bool) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ("
            + columns.indices.map { placeholder($0 + 1) }.joined(separator: ", ") + ")"
            + (ignoringDuplicates ? " ON CONFLICT DO NOTHING" : "")
    }
}

@Suite struct DialectTests {
    private let compiler: QueryCompiler

    init() throws {
        compiler = QueryCompiler(
            taxonomy: try Taxonomy(), dialect: NumberedDialect(), asOf: "2021-08-14", clearance: .secret)
    }

    @Test func aCompiledQueryTakesQuotingPlaceholdersOrderAndLimitFromTheDialect() throws {
        var query = RecordQuery(collection: "findings")
        query.filter = .comparison(path: "unit.name", operator: .equal, values: [.text("医院")])
        query.selection = ["id", "unit.name"]
        query.offset = 5
        let compiled = try compiler.compile(query)
        #expect(compiled.sql.contains("FROM `findings`"))
        #expect(compiled.sql.contains("$1"))
        #expect(compiled.sql.contains("LIMIT ALL OFFSET $2"))
        #expect(compiled.sql.contains(".inserted"))
        for sqliteOnly in ["\"", "?", "rowid", "LIMIT -1"] {
            #expect(!compiled.sql.contains(sqliteOnly), "\(sqliteOnly) in \(compiled.sql)")
        }
    }

    @Test func toManyPathsAggregateThroughTheDialect() throws {
        var query = RecordQuery(collection: "inspections")
        query.selection = ["id", "joint_bodies.name"]
        let compiled = try compiler.compile(query)
        #expect(compiled.sql.contains("string_agg("))
        #expect(!compiled.sql.contains("group_concat"))
    }

    @Test func manyValuedFieldsAreInsertedThroughTheDialect() throws {
        let layout = StorageLayout(schema: .v1, dialect: NumberedDialect())
        let inspections = try #require(Schema.v1.collection("inspections"))
        let units = try #require(inspections.field("units"))
        #expect(
            layout.valuesInsertion(inspections, units)
                == "INSERT INTO `inspections__units` (`owner`, `value`, `position`) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
        )
    }
}

/// The exact SQL of filters whose values are read as the field stores them.
@Suite struct FilterSQLTests {
    private let compiler: QueryCompiler

    init() throws {
        compiler = QueryCompiler(
            taxonomy: try Taxonomy(), dialect: NumberedDialect(), asOf: "2021-08-14", clearance: .secret)
    }

    private func compiled(_ collection: String, _ filter: QueryFilter) throws -> CompiledQuery {
        var query = RecordQuery(collection: collection)
        query.filter = filter
        query.selection = ["id"]
        return try compiler.compile(query)
    }

    @Test func aDateInAnyFormIsBoundAsISO() throws {
        let query = try compiled("findings", .comparison(path: "found_on", operator: .less, values: [.text("8月2日")]))
        #expect(query.sql == "SELECT t1.`id` AS `id` FROM `findings` t1 WHERE t1.`found_on` < $1 ORDER BY t1.inserted")
        #expect(query.arguments == [.text("2021-08-02")])
    }

    @Test func aDateAndTimeUpToADayIncludesTheDay() throws {
        let query = try compiled(
            "inspections", .comparison(path: "started_at", operator: .lessOrEqual, values: [.text("2021-08-03")]))
        #expect(
            query.sql == "SELECT t1.`id` AS `id` FROM `inspections` t1 WHERE t1.`started_at` < $1 ORDER BY t1.inserted")
        #expect(query.arguments == [.text("2021-08-04T00:00")])
    }

    @Test func twoFieldsAreComparedWithoutParameters() throws {
        let query = try compiled(
            "rectifications", .fieldComparison(path: "completed_on", operator: .notEqual, other: "due_on"))
        #expect(
            query.sql
                == "SELECT t1.`id` AS `id` FROM `rectifications` t1 WHERE (t1.`completed_on` <> t1.`due_on` "
                + "OR (t1.`completed_on` IS NULL) <> (t1.`due_on` IS NULL)) ORDER BY t1.inserted")
        #expect(query.arguments.isEmpty)
    }

    @Test func aBooleanFromChineseIsBoundAsOne() throws {
        let query = try compiled("findings", .comparison(path: "risk", operator: .equal, values: [.text("是")]))
        #expect(query.sql == "SELECT t1.`id` AS `id` FROM `findings` t1 WHERE t1.`risk` = $1 ORDER BY t1.inserted")
        #expect(query.arguments == [.integer(1)])
    }
}
