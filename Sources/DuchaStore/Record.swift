import DuchaModel

/// One record of a collection, as the store writes it.
public struct Record: Sendable, Equatable {
    public var collection: String
    public var values: [String: FieldValue]

    public init(_ collection: String, _ values: [String: FieldValue]) {
        self.collection = collection
        self.values = values
    }

    /// The record's id, if it has one.
    public var id: String? {
        if case .text(let id) = values["id"] { id } else { nil }
    }
}

/// A write refused because records were invalid; nothing was written.
public struct WriteRejection: Error, CustomStringConvertible {
    /// Each problem with the 0-based position of its record in the write.
    public let issues: [(record: Int, issue: RecordIssue)]

    public var description: String {
        let shown = issues.prefix(100).map { "record \($0.record + 1): \($0.issue)" }
        let more = issues.count > 100 ? ["… and \(issues.count - 100) more"] : []
        return (["nothing was written:"] + shown + more).joined(separator: "\n")
    }
}
