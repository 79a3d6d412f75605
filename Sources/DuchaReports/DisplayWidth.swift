/// The number of terminal columns a string occupies.
///
/// Each user-perceived character (grapheme cluster) counts as the widest of its scalars:
/// two columns for East Asian Wide and Fullwidth characters (such as `赫` or `Ａ`) and for
/// emoji shown as pictures, none for combining marks, joiners, variation selectors and
/// other format or control characters, and one for everything else. A character followed
/// by the emoji presentation selector U+FE0F counts as two. East Asian Ambiguous
/// characters (such as `…` and box-drawing lines) count as one, as most terminals show them.
public func displayWidth(of text: String) -> Int {
    text.reduce(0) { $0 + displayWidth(of: $1) }
}

/// The number of terminal columns one user-perceived character occupies: 0, 1 or 2.
public func displayWidth(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    if scalars.contains(emojiPresentationSelector) {
        return 2
    }
    return scalars.map(displayWidth(ofScalar:)).max() ?? 0
}

private let emojiPresentationSelector: Unicode.Scalar = "\u{FE0F}"

/// The width of a single scalar, ignoring the characters around it.
private func displayWidth(ofScalar scalar: Unicode.Scalar) -> Int {
    if isZeroWidth(scalar) {
        return 0
    }
    if isEastAsianWide(scalar) || scalar.properties.isEmojiPresentation {
        return 2
    }
    return 1
}

/// Whether a scalar takes no column of its own: marks that combine with the character
/// before them, format characters such as the zero-width joiner, controls, and the
/// medial vowels and final consonants of conjoining Hangul.
private func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control:
        return true
    default:
        return conjoiningHangulTrailers.contains(scalar.value)
    }
}

private let conjoiningHangulTrailers: ClosedRange<UInt32> = 0x1160...0x11FF

/// Whether a scalar's East Asian Width is Wide or Fullwidth, by binary search of the table.
private func isEastAsianWide(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    var lower = 0
    var upper = eastAsianWideRanges.count
    while lower < upper {
        let middle = (lower + upper) / 2
        let range = eastAsianWideRanges[middle]
        if value < range.lowerBound {
            upper = middle
        } else if value > range.upperBound {
            lower = middle + 1
        } else {
            return true
        }
    }
    return false
}

/// The longest prefix of `text` that, followed by `…`, fits in `width` columns,
/// or `text` itself when it already fits.
///
/// Never splits a character, so a wide character that would straddle the limit is dropped
/// and the result may be one column narrower than `width`.
func truncated(_ text: String, toDisplayWidth width: Int) -> String {
    guard displayWidth(of: text) > width else { return text }
    guard width > 0 else { return "" }
    var kept = ""
    var keptWidth = 0
    for character in text {
        let characterWidth = displayWidth(of: character)
        if keptWidth + characterWidth > width - ellipsisWidth { break }
        kept.append(character)
        keptWidth += characterWidth
    }
    return kept + ellipsis
}

/// The mark that ends truncated text.
let ellipsis = "…"
private let ellipsisWidth = 1

/// `text` padded with spaces to `width` columns, on the right or on the left.
func padded(_ text: String, toDisplayWidth width: Int, alignRight: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(width - displayWidth(of: text), 0))
    return alignRight ? padding + text : text + padding
}
