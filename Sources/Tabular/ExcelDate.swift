/// How a workbook counts days in its date serial numbers.
enum ExcelDateSystem {
    /// Serial 1 is 1900-01-01, and serial 60 is the 1900-02-29 that Excel
    /// invents for compatibility with Lotus 1-2-3.
    case from1900
    /// Serial 0 is 1904-01-01, the old Mac Excel default.
    case from1904

    private static let secondsPerDay = 86_400
    /// The largest serial Excel accepts: 9999-12-31.
    private static let maximumSerial = 2_958_465.0
    private static let fictitiousLeapDaySerial = 60

    /// The ISO 8601 text for a date serial: `YYYY-MM-DD`, with `THH:MM` (and
    /// `:SS` when not zero) if it has a time of day, or only the time for a
    /// serial below 1, which Excel shows as a bare time.
    ///
    /// Returns nil for serials Excel itself cannot show as a date.
    func isoText(forSerial serial: Double) -> String? {
        guard serial >= 0, serial <= Self.maximumSerial else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * Double(Self.secondsPerDay)).rounded())
        if seconds == Self.secondsPerDay {
            days += 1
            seconds = 0
        }
        let time = seconds == 0 ? nil : Self.timeText(seconds: seconds)
        guard days > 0 || self == .from1904 else { return time ?? "00:00" }
        let date = dateText(serialDay: days)
        return time.map { "\(date)T\($0)" } ?? date
    }

    private func dateText(serialDay: Int) -> String {
        switch self {
        case .from1900:
            if serialDay == Self.fictitiousLeapDaySerial { return "1900-02-29" }
            let daysSince1900 = serialDay > Self.fictitiousLeapDaySerial ? serialDay - 2 : serialDay - 1
            return CivilDate(daysSinceUnixEpoch: daysSince1900 - 25_567).isoText
        case .from1904:
            return CivilDate(daysSinceUnixEpoch: serialDay - 24_107).isoText
        }
    }

    private static func timeText(seconds: Int) -> String {
        let (hours, minutes, remainder) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        let hoursAndMinutes = "\(twoDigits(hours)):\(twoDigits(minutes))"
        return remainder == 0 ? hoursAndMinutes : "\(hoursAndMinutes):\(twoDigits(remainder))"
    }
}

/// A proleptic Gregorian calendar date.
private struct CivilDate {
    let year: Int
    let month: Int
    let day: Int

    /// Converts a day count using Howard Hinnant's `civil_from_days` algorithm.
    init(daysSinceUnixEpoch days: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var isoText: String {
        let paddedYear = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(paddedYear)-\(twoDigits(month))-\(twoDigits(day))"
    }
}

private func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : String(value)
}
