import DuchaModel
import Testing

@Suite struct CalendarDateTests {
    @Test(arguments: [
        ("2021-08-01", "2021-08-01"), ("2021/8/1", "2021-08-01"), ("2021.8.1", "2021-08-01"),
        ("2021年8月1日", "2021-08-01"), ("8月1日", "2021-08-01"), ("8月14号", "2021-08-14"), (" 2021-12-31 ", "2021-12-31"),
        ("2020-02-29", "2020-02-29"),
    ])
    func formsPeopleWrite(text: String, iso: String) {
        #expect(CalendarDate(parsing: text, defaultYear: 2021)?.description == iso)
    }

    @Test(arguments: [
        "2021-02-30", "2021-13-01", "2021-00-10", "2019-02-29", "8月1", "yesterday", "21-08-01", "", "2021-08",
    ])
    func impossibleOrUnreadableDates(text: String) {
        #expect(CalendarDate(parsing: text, defaultYear: 2021) == nil)
    }

    @Test func aDateWithoutAYearNeedsADefault() {
        #expect(CalendarDate(parsing: "8月1日") == nil)
    }

    @Test func isoIsStrict() {
        #expect(CalendarDate(iso: "2021-08-01") != nil)
        #expect(CalendarDate(iso: "2021-8-1") == nil)
        #expect(CalendarDate(iso: "2021-02-30") == nil)
    }

    @Test func arithmeticCrossesMonthsAndYears() {
        let date = CalendarDate(year: 2021, month: 8, day: 14)!
        #expect(date.adding(days: 1).description == "2021-08-15")
        #expect(date.adding(days: 18).description == "2021-09-01")
        #expect(date.adding(days: -14).description == "2021-07-31")
        #expect(CalendarDate(year: 2020, month: 12, day: 31)!.adding(days: 60).description == "2021-03-01")
        #expect(date.adding(days: 365).adding(days: -365) == date)
    }

    /// 9999 is the last year there is, so no year after it can be built to compare with.
    @Test func arithmeticReachesIntoTheLastYear() {
        #expect(CalendarDate(year: 9999, month: 8, day: 1)!.adding(days: 1).description == "9999-08-02")
        #expect(CalendarDate(year: 9998, month: 12, day: 31)!.adding(days: 1).description == "9999-01-01")
        #expect(CalendarDate(year: 9999, month: 12, day: 30)!.adding(days: 1).description == "9999-12-31")
    }

    @Test func dateTimes() {
        #expect(CalendarDateTime(parsing: "2021-08-01T21:00")?.description == "2021-08-01T21:00")
        #expect(CalendarDateTime(parsing: "2021年8月1日 21:00")?.description == "2021-08-01T21:00")
        #expect(CalendarDateTime(parsing: "2021-08-01 9:05:00")?.description == "2021-08-01T09:05")
        #expect(CalendarDateTime(parsing: "2021-08-01")?.description == "2021-08-01T00:00")
        #expect(CalendarDateTime(parsing: "2021-08-01T24:00") == nil)
    }
}
