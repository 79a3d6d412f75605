import TOMLKit

/// TOML text as people read it: team names stay Chinese, where TOMLKit's default options
/// would escape every character outside ASCII. Ends with a line break.
func readableTOML<Value: Encodable>(_ value: Value) throws -> String {
    let text = try TOMLEncoder(options: [.allowLiteralStrings, .allowMultilineStrings, .allowUnicodeStrings])
        .encode(value)
    return text.hasSuffix("\n") ? text : text + "\n"
}
