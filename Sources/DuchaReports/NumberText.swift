import Foundation

/// How numbers and other cell values are written in each kind of output.
enum NumberText {
    /// A number for people to read: at most two decimals, trailing zeros trimmed.
    ///
    /// `3.14159` → `3.14`, `2.50` → `2.5`, `4.0` → `4`.
    static func readable(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let rounded = trimmingFractionZeros(String(format: "%.2f", value))
        return rounded == "-0" ? "0" : rounded
    }

    /// A number for other programs to read: the shortest text that reads back as the same
    /// `Double`, without a `.0` on whole numbers.
    ///
    /// `0.1` → `0.1`, `3.0` → `3`, `1e20` → `1e+20`.
    static func plain(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == value.rounded(), abs(value) < wholeNumberLimit {
            return String(Int64(value))
        }
        return value.description
    }

    /// Whole numbers below this magnitude are written as integers; larger ones keep
    /// Swift's shortest form, which switches to exponent notation.
    private static let wholeNumberLimit = 1e16

    private static func nonFinite(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        return value < 0 ? "-Infinity" : "Infinity"
    }

    private static func trimmingFractionZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return String(trimmed)
    }
}

extension ReportValue {
    /// The cell as people read it in a table: null is empty, numbers have at most two decimals.
    var readableText: String {
        switch self {
        case .null: ""
        case .text(let text): text
        case .integer(let integer): String(integer)
        case .number(let number): NumberText.readable(number)
        case .boolean(let boolean): String(boolean)
        }
    }

    /// The cell as programs read it: null is empty, numbers keep full precision.
    var plainText: String {
        switch self {
        case .null: ""
        case .text(let text): text
        case .integer(let integer): String(integer)
        case .number(let number): NumberText.plain(number)
        case .boolean(let boolean): String(boolean)
        }
    }
}
