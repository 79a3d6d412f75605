/// A day of the Gregorian calendar, as the model stores it (`2021-08-01`).
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date, or nil (`2021-02-30` is not one).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses the forms people write: `2021-08-01`, `2021/8/1`, `2021.8.1`, `2021年8月1日`,
    /// and, taking the year from `defaultYear`, `8月1日` or `8-1`. Nil if the text is none
    /// of these or names no real day.
    public init?(parsing text: String, defaultYear: Int? = nil) {
        if let iso = CalendarDate(iso: text) {
            self = iso
            return
        }
        let trimmed = text.trimmingWhitespace()
        let numbers = trimmed.split(whereSeparator: { "-/.年月日号".contains($0) }).map(String.init)
        guard numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let chinese = trimmed.contains("月")
        if chinese && !(trimmed.hasSuffix("日") || trimmed.hasSuffix("号")) { return nil }
        let values = numbers.compactMap { Int($0) }
        switch values.count {
        case 3 where numbers[0].count == 4:
            self.init(year: values[0], month: values[1], day: values[2])
        case 2 where defaultYear != nil:
            self.init(year: defaultYear!, month: values[0], day: values[1])
        default:
            return nil
        }
    }

    /// Parses exactly `YYYY-MM-DD`. Reads bytes: bulk validation calls this for every date.
    public init?(iso text: String) {
        var text = text
        guard let parsed = text.withUTF8({ CalendarDate.parseISO($0) }) else { return nil }
        self = parsed
    }

    /// The date in `bytes` if they are exactly `YYYY-MM-DD` and name a real day.
    static func parseISO(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        guard let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2) else {
            return nil
        }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// The number written by `count` ASCII digits from `start`, or nil.
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for byte in bytes[start..<start + count] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `YYYY-MM-DD`.
    public var description: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// Days since 0001-01-01 (proleptic Gregorian).
    public var dayNumber: Int {
        let y = year - 1
        let daysBeforeYear = y * 365 + y / 4 - y / 100 + y / 400
        let daysBeforeMonth = (1..<month).reduce(0) { $0 + CalendarDate.daysIn(month: $1, year: year) }
        return daysBeforeYear + daysBeforeMonth + day - 1
    }

    private init(dayNumber: Int) {
        var year = max(1, dayNumber / 366)
        // 9999 is the last year, whose next one cannot be built to compare with.
        while year < 9999, CalendarDate(year: year + 1, month: 1, day: 1)!.dayNumber <= dayNumber { year += 1 }
        var remaining = dayNumber - CalendarDate(year: year, month: 1, day: 1)!.dayNumber
        var month = 1
        while remaining >= CalendarDate.daysIn(month: month, year: year) {
            remaining -= CalendarDate.daysIn(month: month, year: year)
            month += 1
        }
        self.year = year
        self.month = month
        self.day = remaining + 1
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A local date and time to the minute, as the model stores it (`2021-08-01T21:00`).
public struct CalendarDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: CalendarDate
    public let hour: Int
    public let minute: Int

    public init?(date: CalendarDate, hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
    }

    /// Parses a date (any form ``CalendarDate/init(parsing:defaultYear:)`` takes) followed by
    /// `T` or spaces and `HH:MM` (seconds, if written, must be 00 or are dropped); a date
    /// alone means midnight.
    public init?(parsing text: String, defaultYear: Int? = nil) {
        if let iso = CalendarDateTime(iso: text) {
            self = iso
            return
        }
        let trimmed = text.trimmingWhitespace()
        let separator = trimmed.firstIndex { $0 == "T" || $0 == " " }
        let datePart = separator.map { String(trimmed[..<$0]) } ?? trimmed
        guard let date = CalendarDate(parsing: datePart, defaultYear: defaultYear) else { return nil }
        guard let separator else {
            self.init(date: date, hour: 0, minute: 0)
            return
        }
        let time = trimmed[trimmed.index(after: separator)...].trimmingWhitespace()
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count),
            parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(date: date, hour: hour, minute: minute)
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM`.
    public init?(iso text: String) {
        var text = text
        let parsed: CalendarDateTime? = text.withUTF8 { bytes in
            guard bytes.count == 16, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
                let date = CalendarDate.parseISO(UnsafeBufferPointer(rebasing: bytes[0..<10])),
                let hour = CalendarDate.digits(bytes, 11, 2), let minute = CalendarDate.digits(bytes, 14, 2)
            else { return nil }
            return CalendarDateTime(date: date, hour: hour, minute: minute)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// `YYYY-MM-DDTHH:MM`.
    public var description: String { "\(date)T\(pad(hour, 2)):\(pad(minute, 2))" }

    public static func < (lhs: CalendarDateTime, rhs: CalendarDateTime) -> Bool {
        (lhs.date, lhs.hour, lhs.minute) < (rhs.date, rhs.hour, rhs.minute)
    }
}

private func pad(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    /// The text without leading and trailing white space; the text itself, without
    /// copying, in the common case of none.
    public func trimmingWhitespace() -> String {
        guard let first, let last, first.isWhitespace || last.isWhitespace else { return String(self) }
        return String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
