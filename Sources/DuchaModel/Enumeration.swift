/// One code of an enumeration, with its labels.
public struct EnumerationValue: Hashable, Sendable {
    public let code: String
    public let label: Label

    public init(_ code: String, _ chinese: String, _ english: String) {
        self.code = code
        self.label = Label(chinese, english)
    }
}

/// A closed list of codes a field may hold (e.g. `finding_category`).
///
/// A data-driven enumeration ships a default list that a workspace can extend with
/// codes of its own (see ``Taxonomy``).
public struct Enumeration: Sendable {
    /// The name scripts use, e.g. in `ducha.label("finding_category", code)`.
    public let kind: String
    public let label: Label
    public let isDataDriven: Bool
    /// The codes in their display order.
    public let values: [EnumerationValue]
    /// The position of each value by code, and by label where no code is the same text.
    private let positions: (byCode: [String: Int], byText: [String: Int])

    public init(_ kind: String, _ label: Label, dataDriven: Bool = false, _ values: [EnumerationValue]) {
        self.kind = kind
        self.label = label
        self.isDataDriven = dataDriven
        self.values = values
        var byCode: [String: Int] = [:]
        var byText: [String: Int] = [:]
        for (index, value) in values.enumerated().reversed() {
            byCode[value.code] = index
            byText[value.label.english] = index
            byText[value.label.chinese] = index
        }
        for (code, index) in byCode { byText[code] = index }
        positions = (byCode, byText)
    }

    /// The value with `code`, if it is one.
    public func value(code: String) -> EnumerationValue? { positions.byCode[code].map { values[$0] } }

    /// The value whose code, Chinese label or English label is `text` (a code wins).
    public func value(matching text: String) -> EnumerationValue? { positions.byText[text].map { values[$0] } }

    /// A copy with `extra` codes appended after the built-in ones (later ones replace
    /// the labels of an existing code).
    public func extended(with extra: [EnumerationValue]) -> Enumeration {
        var merged = values
        for value in extra {
            if let index = merged.firstIndex(where: { $0.code == value.code }) {
                merged[index] = value
            } else {
                merged.append(value)
            }
        }
        return Enumeration(kind, label, dataDriven: isDataDriven, merged)
    }
}
