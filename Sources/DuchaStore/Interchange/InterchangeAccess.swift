import DuchaModel

/// An import or export the user's grants do not allow; nothing was read or written.
public struct AccessRefusal: Error, CustomStringConvertible {
    public let message: String

    /// A refusal of `action` for want of `grant`.
    init(_ action: String, needs grant: String, _ consequence: String? = nil) {
        let hint = "add \"\(grant)\" to identity.grants in ducha.toml"
        message = "\(action) needs the \(grant) grant (\(hint))" + (consequence.map { "; \($0)" } ?? "")
    }

    public var description: String { message }
}
