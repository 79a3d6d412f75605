import Testing

@testable import Tabular

@Suite struct ExcelDateTests {
    @Test(arguments: [
        (1.0, "1900-01-01"), (59, "1900-02-28"), (60, "1900-02-29"), (61, "1900-03-01"),
        (44409, "2021-08-01"), (44409.75, "2021-08-01T18:00"), (44409.999999, "2021-08-02"),
        (0.5, "12:00"), (45000.000011574, "2023-03-15T00:00:01"), (2_958_465, "9999-12-31"),
    ])
    func converts1900Serials(serial: Double, expected: String) {
        #expect(ExcelDateSystem.from1900.isoText(forSerial: serial) == expected)
    }

    @Test func rejectsSerialsOutsideExcelsRange() {
        #expect(ExcelDateSystem.from1900.isoText(forSerial: -1) == nil)
        #expect(ExcelDateSystem.from1900.isoText(forSerial: 2_958_466) == nil)
    }

    @Test(arguments: [
        ("yyyy-mm-dd", true), ("d-mmm", true), ("[$-804]yyyy\"年\"m\"月\"", true), ("0.00\" d\"", false),
        ("[Red]0.00", false), ("General", false), ("\\d0", false), ("#,##0_);(#,##0)", false),
    ])
    func detectsDateFormatCodes(code: String, isDate: Bool) {
        #expect(DateFormatDetector.codeShowsDate(code) == isDate)
    }

    @Test func builtInDateFormatsAreDatesUnlessRedefined() {
        #expect(DateFormatDetector.isDateFormat(id: 14, customFormatCodes: [:]))
        for chineseDate in [27, 28, 31, 36, 50, 57, 58] {
            #expect(DateFormatDetector.isDateFormat(id: chineseDate, customFormatCodes: [:]))
        }
        for chineseTime in [32, 33, 34, 35, 55, 56] {
            #expect(!DateFormatDetector.isDateFormat(id: chineseTime, customFormatCodes: [:]))
        }
        #expect(!DateFormatDetector.isDateFormat(id: 2, customFormatCodes: [:]))
        #expect(!DateFormatDetector.isDateFormat(id: 14, customFormatCodes: [14: "0.00"]))
    }

    @Test(arguments: [
        ("3.0", "3"), ("-12.000", "-12"), ("2.50", "2.50"), ("1.0E+3", "1.0E+3"), ("42", "42"),
    ])
    func normalizesWholeNumbersOnly(text: String, expected: String) {
        #expect(CellText.normalizedNumber(text) == expected)
    }

    @Test(arguments: [(1, "A"), (26, "Z"), (27, "AA"), (702, "ZZ"), (703, "AAA"), (16_384, "XFD")])
    func convertsColumnNames(index: Int, name: String) {
        #expect(CellReference.columnName(index) == name)
        #expect(CellReference.columnIndex(of: "\(name)12") == index)
    }
}
