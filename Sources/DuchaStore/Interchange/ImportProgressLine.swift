/// The line a terminal shows while an import runs: a bar and percentage when the share of
/// the file read is known, then the rows read so far and the rate.
///
/// `[=========>          ]   48%  482,113 rows  96,423 rows/s`
public struct ImportProgressLine: Sendable {
    /// The columns the line may take.
    public let width: Int

    /// A line for a terminal `width` columns wide.
    public init(width: Int) { self.width = width }

    /// The widest bar drawn, in columns, however wide the terminal.
    static let longestBar = 40
    /// A bar narrower than this says too little to be worth the room.
    static let shortestBar = 10

    /// The line for `progress` after `seconds` of importing, at most `width` columns.
    public func text(_ progress: ImportProgress, seconds: Double) -> String {
        var counts = "\(Self.grouped(progress.rows)) rows"
        if seconds > 0 { counts += "  \(Self.grouped(Int((Double(progress.rows) / seconds).rounded()))) rows/s" }
        guard let fraction = progress.fraction.map({ min(max($0, 0), 1) }) else { return clipped(counts) }
        let percent = String(Int(fraction * 100))
        let percentage = String(repeating: " ", count: 3 - percent.count) + percent + "%"
        // Two brackets and two gaps of two spaces around the bar and the percentage.
        let room = width - counts.count - percentage.count - 6
        guard room >= Self.shortestBar else { return clipped("\(percentage)  \(counts)") }
        return clipped("[\(Self.bar(fraction, columns: min(room, Self.longestBar)))]  \(percentage)  \(counts)")
    }

    /// A bar drawn in ASCII: the block characters are of ambiguous width, two columns
    /// wide in many Chinese terminals.
    static func bar(_ fraction: Double, columns: Int) -> String {
        let filled = Int(fraction * Double(columns))
        guard filled < columns else { return String(repeating: "=", count: columns) }
        return String(repeating: "=", count: filled) + ">" + String(repeating: " ", count: columns - filled - 1)
    }

    private func clipped(_ line: String) -> String { String(line.prefix(max(width, 0))) }

    /// `482113` as `482,113`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (number < 0 ? "-" : "") + grouped
    }
}
