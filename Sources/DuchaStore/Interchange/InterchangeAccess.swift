import DuchaModel

extension WorkspaceConfiguration.Identity {
    /// The most sensitive data the grants let the user see as it is: what the user's
    /// scripts read and exports show. Text above it is a pseudonym.
    public var clearance: Sensitivity {
        if grants.contains("secret") { return .secret }
        if grants.contains("confidential") { return .confidential }
        return .internal
    }

    /// Whether the grants let the user write records.
    public var mayWrite: Bool { grants.contains("write") }
}

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
