/// A name in both languages: Chinese is what reports print by default.
public struct Label: Hashable, Sendable {
    public let chinese: String
    public let english: String

    public init(_ chinese: String, _ english: String) {
        self.chinese = chinese
        self.english = english
    }
}
