import DuchaModel
import Foundation
import GRDB
import Testing

@testable import DuchaStore

/// Queries that once compiled to SQL SQLite refused, or stopped the program; each is one the
/// fuzz suites generated.
@Suite struct CompiledQueryTests {
    private let store: Store
    private let compiler: QueryCompiler

    init() throws {
        store = try Store(path: temporaryFolder().appendingPathComponent("q.sqlite").path, create: true)
        compiler = QueryCompiler(
            taxonomy: try store.taxonomy(), dialect: store.dialect, asOf: "2021-08-14", clearance: .secret)
    }

    /// The numbers of the placeholders in `sql` (`?3` is 3), each once.
    private func placeholders(_ sql: String) -> Set<Int> {
        Set(sql.matches(of: #/\?([0-9]+)/#).compactMap { Int($0.output.1) })
    }

    private func rows(_ query: RecordQuery) throws -> [Row] {
        let compiled = try compiler.compile(query)
        return try store.database.read { db in
            try Row.fetchAll(
                db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments.map(\.databaseValue)))
        }
    }

    /// `regions.bodies` follows the bodies whose region is the region: one table, joined
    /// without brackets, or SQLite hides its alias.
    @Test func countingDistinctRecordsThatReferToTheGroupRuns() throws {
        var query = RecordQuery(collection: "regions")
        query.filter = .all([])
        query.offset = 2_147_483_648
        query.grouping = ["parent"]
        query.aggregates = [("x'y", .countDistinct(path: "bodies"))]
        #expect(try rows(query).isEmpty)
    }

    @Test func anEmptySelectionIsRefusedNamingTheFields() throws {
        var query = RecordQuery(collection: "follow_ups")
        query.filter = .comparison(path: "scheduled_on", operator: .notNull, values: [])
        query.offset = .min
        query.selection = []
        let valid = try #require(store.schema.collection("follow_ups")).fields.filter { $0.derivation == nil }
            .map(\.name).joined(separator: ", ")
        #expect(throws: QueryError("select needs at least one field (valid: \(valid))")) { try rows(query) }
    }

    /// The last day of the calendar has no next day to end at.
    @Test func aTimeUpToTheLastDayOfTheCalendarIsCompared() throws {
        var query = RecordQuery(collection: "outbreaks")
        query.filter = .comparison(
            path: "reported_at", operator: .between, values: [.text("2021.8.1"), .text("9999-12-31")])
        query.limit = 2_147_483_648
        #expect(try compiler.compile(query).arguments.contains(.text("9999-12-31T24:00")))
        #expect(try rows(query).isEmpty)
    }

    /// `overdue` binds the as-of date wherever it appears, in the grouping as in the result.
    @Test func groupingByOverdueBindsTheDateForEachUse() throws {
        var query = RecordQuery(collection: "rectifications")
        query.order = [QueryOrder(path: "overdue", descending: false)]
        query.limit = 2_147_483_648
        query.grouping = ["overdue", "id"]
        let compiled = try compiler.compile(query)
        #expect(placeholders(compiled.sql) == Set(1...compiled.arguments.count))
        #expect(try rows(query).isEmpty)
    }

    /// Deciding how to count distinct values walks the path once before compiling it; that
    /// walk's parameters are not the query's.
    @Test func countingDistinctOverdueBindsTheDateOnce() throws {
        var query = RecordQuery(collection: "findings")
        query.filter = .comparison(path: "cases", operator: .isNull, values: [.text("bulletin")])
        query.order = [QueryOrder(path: "category", descending: true)]
        query.limit = 10
        query.grouping = ["category"]
        query.aggregates = [("?", .count(nil)), ("total", .countDistinct(path: "rectification.overdue"))]
        let compiled = try compiler.compile(query)
        #expect(placeholders(compiled.sql) == Set(1...compiled.arguments.count))
        #expect(try rows(query).isEmpty)
    }

    /// As generated: `overdue`, which binds the as-of date, written twice by `not_in`.
    @Test func anExpressionWrittenTwiceBindsItsValueOnce() throws {
        var query = RecordQuery(collection: "rectifications")
        query.filter = .all([.comparison(path: "overdue", operator: .notIn, values: [.text("否")])])
        query.order = [QueryOrder(path: "finding.inspection", descending: false)]
        query.limit = 0
        let compiled = try compiler.compile(query)
        #expect(placeholders(compiled.sql) == Set(1...compiled.arguments.count))
        #expect(try rows(query).isEmpty)
    }

    /// As generated: `8月1日` read in the year of an as-of date in 9999, the calendar's last year.
    @Test func aTimeDuringADayOfTheLastYearIsCompared() throws {
        let compiler = QueryCompiler(
            taxonomy: try store.taxonomy(), dialect: store.dialect, asOf: "9999-12-31", clearance: .confidential)
        var query = RecordQuery(collection: "outbreaks")
        query.filter = .all([
            .comparison(path: "id", operator: .greater, values: [.text("2021-08-01")]),
            .comparison(path: "reported_at", operator: .notEqual, values: [.text("8月1日")]),
            .comparison(path: "reported_at..\"", operator: .between, values: []),
        ])
        query.limit = .max
        #expect(throws: QueryError("empty step in path 'reported_at..\"'")) { try compiler.compile(query) }
        query.filter = .comparison(path: "reported_at", operator: .notEqual, values: [.text("8月1日")])
        #expect(
            try compiler.compile(query).arguments == [
                .text("9999-08-01T00:00"), .text("9999-08-02T00:00"), .integer(.max),
            ])
    }
}
