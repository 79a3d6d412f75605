import Foundation
import GRDB

/// The checks of `ducha db check`: SQLite's integrity and foreign keys, and the
/// invariants of the model that the schema alone does not enforce.
public struct DatabaseCheck {
    let store: Store

    public init(store: Store) { self.store = store }

    /// An invariant: a query yielding `(id, detail)` for every record that breaks it.
    struct Invariant {
        let collection: String
        let rule: String
        let sql: String
    }

    static let invariants: [Invariant] = [
        Invariant(
            collection: "rectifications", rule: "due date before the order date",
            sql: "SELECT id, due_on || ' < ' || ordered_on FROM rectifications WHERE due_on < ordered_on"),
        Invariant(
            collection: "rectifications", rule: "an immediate rectification (立行立改) is due the day it is ordered",
            sql:
                "SELECT id, due_on || ' ≠ ' || ordered_on FROM rectifications WHERE mode = 'immediate' AND due_on <> ordered_on"
        ),
        Invariant(
            collection: "rectifications", rule: "completed before it was ordered",
            sql: "SELECT id, completed_on || ' < ' || ordered_on FROM rectifications WHERE completed_on < ordered_on"),
        Invariant(
            collection: "rectifications", rule: "done or verified without a completion date",
            sql: "SELECT id, status FROM rectifications WHERE status IN ('done', 'verified') AND completed_on IS NULL"),
        Invariant(
            collection: "follow_ups", rule: "scheduled before the rectification was ordered",
            sql: """
                SELECT f.id, f.scheduled_on || ' < ' || r.ordered_on FROM follow_ups f
                JOIN rectifications r ON r.id = f.rectification WHERE f.scheduled_on < r.ordered_on
                """),
        Invariant(
            collection: "findings", rule: "found before its inspection started",
            sql: """
                SELECT f.id, f.found_on || ' < ' || i.started_at FROM findings f
                JOIN inspections i ON i.id = f.inspection WHERE f.found_on < substr(i.started_at, 1, 10)
                """),
        Invariant(
            collection: "inspections", rule: "ended before it started",
            sql: "SELECT id, ended_at || ' < ' || started_at FROM inspections WHERE ended_at < started_at"),
        Invariant(
            collection: "teams", rule: "dissolved before it was formed",
            sql: "SELECT id, dissolved_on || ' < ' || formed_on FROM teams WHERE dissolved_on < formed_on"),
        Invariant(
            collection: "deployments", rule: "ends before it starts",
            sql: "SELECT id, end_on || ' < ' || start_on FROM deployments WHERE end_on < start_on"),
        Invariant(
            collection: "campaigns", rule: "ends before it starts",
            sql: "SELECT id, end_on || ' < ' || start_on FROM campaigns WHERE end_on < start_on"),
        Invariant(
            collection: "cases", rule: "closed before it was opened",
            sql: "SELECT id, closed_on || ' < ' || opened_on FROM cases WHERE closed_on < opened_on"),
        Invariant(
            collection: "regions", rule: "a county-level region is its own county",
            sql: """
                SELECT id, coalesce(county, 'nil') FROM regions
                WHERE level IN ('district', 'county', 'county_city', 'management_zone', 'dev_zone')
                AND county IS NOT id
                """),
        Invariant(
            collection: "regions", rule: "a region's county is a county-level region",
            sql: """
                SELECT r.id, c.id || ' is ' || c.level FROM regions r JOIN regions c ON c.id = r.county
                WHERE c.level NOT IN ('district', 'county', 'county_city', 'management_zone', 'dev_zone')
                """),
    ]

    /// Every problem found, one line each; empty when the database is sound.
    public func run() throws -> [String] {
        try store.database.read { db in
            var problems: [String] = []
            for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
                problems.append("integrity: \(line)")
            }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0]
                let parent: String = row[2]
                problems.append(
                    "foreign key: a row of \(table) (rowid \(row[1] as Int64? ?? 0)) points to a missing \(parent)")
            }
            for invariant in Self.invariants {
                for row in try Row.fetchAll(db, sql: invariant.sql) {
                    let id: String = row[0]
                    let detail: String? = row[1]
                    problems.append("\(invariant.collection) \(id): \(invariant.rule) (\(detail ?? ""))")
                }
            }
            return problems
        }
    }
}

extension Store {
    /// Copies the database to a new file with SQLite's online backup, from one read
    /// snapshot: consistent while other connections or processes write.
    public func backup(to path: String) throws {
        if FileManager.default.fileExists(atPath: path) { throw BackupError.exists(path: path) }
        let destination = try DatabaseQueue(path: path)
        try database.backup(to: destination)
    }
}

/// A backup that would overwrite a file.
public enum BackupError: Error, CustomStringConvertible {
    case exists(path: String)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) already exists: choose a new file for the backup"
        }
    }
}
