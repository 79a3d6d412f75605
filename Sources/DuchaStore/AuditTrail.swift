import Crypto
import DuchaModel
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

    /// The last `limit` entries, oldest first, as a viewer of `clearance` may see them: in
    /// the values an entry records, text above the clearance is a pseudonym, as scripts
    /// and exports show it.
    public func entries(limit: Int = 50, visibleTo clearance: Sensitivity) throws -> [Entry] {
        try store.database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM (SELECT * FROM audit ORDER BY sequence DESC LIMIT ?) ORDER BY sequence",
                arguments: [limit]
            ).map { row in
                let entry = Self.entry(row)
                return Entry(
                    sequence: entry.sequence, at: entry.at, user: entry.user, action: entry.action,
                    collection: entry.collection, record: entry.record,
                    detail: entry.detail.map { visible($0, of: entry.collection, to: clearance) },
                    previousHash: entry.previousHash, hash: entry.hash)
            }
        }
    }

    /// `detail`, the JSON object of the values a write to `collection` set, with the text
    /// of fields above `clearance` replaced by its pseudonym. Anything else (an import's
    /// file and count) is left as it is.
    private func visible(_ detail: String, of collection: String, to clearance: Sensitivity) -> String {
        guard let collection = store.schema.collection(collection),
            let values = try? JSONSerialization.jsonObject(with: Data(detail.utf8)) as? [String: Any]
        else { return detail }
        var shown = values
        for (name, value) in values {
            guard let field = collection.field(name), field.type == .text,
                collection.sensitivity(of: field) > clearance, let text = value as? String
            else { continue }
            shown[name] = Store.pseudonym(of: text)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: shown, options: [.sortedKeys]) else {
            return detail
        }
        return String(decoding: data, as: UTF8.self)
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
