/// Spreadsheet programs run a CSV cell that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return as a formula, which can fetch URLs or run commands on the machine that
/// opens the file (OWASP: CSV injection). Text written to CSV starts with a single quote
/// there instead, which spreadsheets read as "this is text"; numbers are left alone.
///
/// The rule can be undone exactly: text that already starts with quotes followed by one of
/// those characters gets a quote too, so `restored` takes off exactly the one
/// `neutralized` added and leaves every other cell as it is.
public enum SpreadsheetFormulas {
    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `text` as a CSV cell a spreadsheet will not run: with a single quote before it when
    /// it starts, after any quotes, with `=`, `+`, `-`, `@`, a tab or a carriage return.
    public static func neutralized(_ text: String) -> String {
        startsLikeAFormula(afterQuotes: text) ? "'" + text : text
    }

    /// A CSV cell without the quote `neutralized` put before it; any other cell unchanged.
    public static func restored(_ cell: String) -> String {
        guard cell.unicodeScalars.first == "'", startsLikeAFormula(afterQuotes: cell) else { return cell }
        return String(String.UnicodeScalarView(cell.unicodeScalars.dropFirst()))
    }

    private static func startsLikeAFormula(afterQuotes text: String) -> Bool {
        text.unicodeScalars.first { $0 != "'" }.map(formulaStarts.contains) ?? false
    }
}
