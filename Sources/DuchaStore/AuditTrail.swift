import Crypto
import Foundation
import GRDB

/// The audit trail: every write appends an entry whose hash covers the entry and the
/// hash before it, so any change to the trail shows when it is verified.
public struct AuditTrail {
    let store: Store

    public init(store: Store) { self.store = store }

    /// One entry of the trail.
    public struct Entry: Equatable, Sendable {
        public let sequence: Int64
        public let at: String
        public let user: String
        public let action: String
        public let collection: String
        public let record: String?
        public let detail: String?
        public let previousHash: String
        public let hash: String
    }

    /// Appends an entry within the caller's write transaction.
    static func append(
        in db: Database, user: String, action: String, collection: String, record: String?, detail: String?
    ) throws {
        let previous = try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY sequence DESC LIMIT 1") ?? ""
        let at = ISO8601DateFormatter().string(from: Date())
        let hash = digest([previous, at, user, action, collection, record ?? "", detail ?? ""])
        try db.execute(
            sql: """
                INSERT INTO audit (at, user, action, collection, record, detail, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [at, user, action, collection, record, detail, previous, hash])
    }

    static func digest(_ parts: [String]) -> String {
        let joined = parts.map { "\($0.utf8.count):\($0)" }.joined()
        return SHA256.hash(data: Data(joined.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The last `limit` entries, oldest first.
    public func entries(limit: Int = 50) throws -> [Entry] {
        try store.database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM (SELECT * FROM audit ORDER BY sequence DESC LIMIT ?) ORDER BY sequence",
                arguments: [limit]
            ).map(Self.entry)
        }
    }

    /// The problems of the trail: an entry whose hash or link does not hold. Empty when intact.
    public func verify() throws -> [String] {
        try store.database.read { db in
            var problems: [String] = []
            var previous = ""
            for entry in try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY sequence").map(Self.entry) {
                if entry.previousHash != previous {
                    problems.append("entry \(entry.sequence): does not follow the entry before it")
                }
                let expected = Self.digest([
                    entry.previousHash, entry.at, entry.user, entry.action, entry.collection, entry.record ?? "",
                    entry.detail ?? "",
                ])
                if entry.hash != expected { problems.append("entry \(entry.sequence): altered (hash mismatch)") }
                previous = entry.hash
            }
            return problems
        }
    }

    private static func entry(_ row: Row) -> Entry {
        Entry(
            sequence: row["sequence"], at: row["at"], user: row["user"], action: row["action"],
            collection: row["collection"], record: row["record"], detail: row["detail"],
            previousHash: row["previous_hash"], hash: row["hash"])
    }
}
