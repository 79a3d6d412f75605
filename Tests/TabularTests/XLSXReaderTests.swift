import Foundation
import Tabular
import Testing

@Suite struct XLSXReaderTests {
    /// Style 1 is the built-in date format 14; style 2 a custom date-time format; style 3 a quoted "d" that is no date.
    private let styles = """
        <numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/>\
        <numFmt numFmtId="165" formatCode="0.00&quot; d&quot;;[Red]0.00"/></numFmts>\
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
        <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>
        """

    @Test func readsEveryKindOfCell() throws {
        let sheetData = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>内联</t></is></c></row>\
            <row r="2"><c r="A2"><v>3.0</v></c><c r="B2"><v>2.5</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="b"><v>0</v></c></row>\
            <row r="4"><c r="A4" s="1"><v>44409</v></c><c r="C4" t="str"><f>A1</f><v>formula</v></c><c r="D4" s="3"><v>7</v></c></row>\
            <row r="5"><c r="B5" s="2"><v>44409.5</v></c><c r="C5" t="e"><v>#DIV/0!</v></c><c r="E5" s="1"/></row>\
            <row r="6"><c r="A6" s="1"/></row>
            """
        let sharedStrings = [
            "<t>plain 益阳</t>",
            "<r><t>rich </t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">run &amp; more</t></r><rPh><t>ふりがな</t></rPh>",
        ]
        let data = try XLSXTestWorkbook.zip(
            XLSXTestWorkbook.parts(
                sheets: [("Data", sheetData)], sharedStrings: sharedStrings, styles: styles))
        #expect(
            try records(XLSXReader(data: data)) == [
                NumberedRecord(["plain 益阳", "rich run & more", "内联"], line: 1),
                NumberedRecord(["3", "2.5", "TRUE", "FALSE"], line: 2),
                NumberedRecord(["2021-08-01", "", "formula", "7"], line: 4),
                NumberedRecord(["", "2021-08-01T12:00", "#DIV/0!"], line: 5),
            ])
    }

    @Test func placesCellsWithoutReferencesInSequence() throws {
        let sheetData =
            #"<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c><c><v>4</v></c></row>"#
        let data = try XLSXTestWorkbook.zip(XLSXTestWorkbook.parts(sheets: [("S", sheetData)]))
        #expect(
            try records(XLSXReader(data: data)) == [
                NumberedRecord(["1", "2"], line: 1),
                NumberedRecord(["", "", "3", "4"], line: 2),
            ])
    }

    @Test func decodesExcelEscapesInStrings() throws {
        let sheetData = #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#
        let data = try XLSXTestWorkbook.zip(
            XLSXTestWorkbook.parts(
                sheets: [("S", sheetData)], sharedStrings: ["<t>a_x000D_\nb _x005F_x0041_ _xZZZZ_</t>"]))
        #expect(try records(XLSXReader(data: data)).first?.fields == ["a\r\nb _x0041_ _xZZZZ_"])
    }

    @Test func readsDatesIn1904System() throws {
        let sheetData =
            #"<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>42947</v></c></row>"#
        let data = try XLSXTestWorkbook.zip(
            XLSXTestWorkbook.parts(
                sheets: [("S", sheetData)], styles: styles,
                workbookProperties: #"<workbookPr date1904="1"/>"#))
        #expect(try records(XLSXReader(data: data)).first?.fields == ["1904-01-01", "2021-08-01"])
    }

    @Test func selectsSheetsByNameAndDefaultsToTheFirst() throws {
        let data = try XLSXTestWorkbook.zip(
            XLSXTestWorkbook.parts(sheets: [
                ("第一", #"<row r="1"><c r="A1"><v>1</v></c></row>"#),
                ("Second", #"<row r="1"><c r="A1"><v>2</v></c></row>"#),
            ]))
        let first = try XLSXReader(data: data)
        #expect(first.sheetNames == ["第一", "Second"])
        #expect(first.sheetName == "第一")
        #expect(try records(first).first?.fields == ["1"])
        #expect(try records(XLSXReader(data: data, sheet: "Second")).first?.fields == ["2"])
    }

    @Test func unknownSheetListsTheAvailableSheets() throws {
        let data = try XLSXTestWorkbook.zip(XLSXTestWorkbook.parts(sheets: [("A", ""), ("B", "")]))
        let error = tabularError { _ = try XLSXReader(data: data, sheet: "C") }
        #expect(
            error
                == TabularError(reason: #"the workbook has no sheet named "C"; its sheets are "A", "B""#))
    }

    @Test func truncatedFileIsNotAValidXLSX() throws {
        var writer = try XLSXWriter()
        writer.write(["a", "b"])
        let data = try writer.data
        let error = tabularError { _ = try XLSXReader(data: data.prefix(data.count / 2)) }
        #expect(error?.reason.hasPrefix("not a valid XLSX file (") == true)
    }

    @Test func textFileIsNotAValidXLSX() {
        let error = tabularError { _ = try XLSXReader(data: Data("a,b\n1,2\n".utf8)) }
        #expect(
            error
                == TabularError(
                    reason: "not a valid XLSX file (it is not a ZIP archive, or it is truncated)"))
    }

    @Test func emptyFileIsAnError() {
        #expect(
            tabularError { _ = try XLSXReader(data: Data()) } == TabularError(reason: "the file is empty")
        )
    }

    @Test func missingWorkbookPartIsAnError() throws {
        let data = try XLSXTestWorkbook.zip(["docProps/app.xml": "<Properties/>"])
        let error = tabularError { _ = try XLSXReader(data: data) }
        #expect(
            error == TabularError(reason: "not a valid XLSX file (the part xl/workbook.xml is missing)"))
    }

    @Test func missingSheetPartIsAnError() throws {
        var parts = XLSXTestWorkbook.parts(sheets: [("S", "")])
        parts["xl/worksheets/sheet1.xml"] = nil
        let reader = try XLSXReader(data: XLSXTestWorkbook.zip(parts))
        let error = tabularError { _ = try records(reader) }
        #expect(
            error
                == TabularError(
                    reason: "not a valid XLSX file (the part xl/worksheets/sheet1.xml is missing)"))
    }

    @Test func malformedXMLNamesThePart() throws {
        var parts = XLSXTestWorkbook.parts(sheets: [("S", "")])
        parts["xl/worksheets/sheet1.xml"] = "<worksheet><sheetData><row></sheetData>"
        let reader = try XLSXReader(data: XLSXTestWorkbook.zip(parts))
        let error = tabularError { _ = try records(reader) }
        #expect(error?.reason.hasPrefix("malformed XML in xl/worksheets/sheet1.xml at line 1") == true)
    }

    @Test func truncatedXMLIsMalformed() throws {
        var parts = XLSXTestWorkbook.parts(sheets: [("S", "")])
        parts["xl/worksheets/sheet1.xml"] =
            "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c>"
        let reader = try XLSXReader(data: XLSXTestWorkbook.zip(parts))
        let error = tabularError { _ = try records(reader) }
        #expect(error?.reason.hasPrefix("malformed XML in xl/worksheets/sheet1.xml") == true)
    }

    @Test func readsElementsWithANamespacePrefix() throws {
        var parts = XLSXTestWorkbook.parts(sheets: [("S", "")])
        parts["xl/worksheets/sheet1.xml"] = """
            <x:worksheet xmlns:x="\(XLSXTestWorkbook.mainNamespace)"><x:sheetData>\
            <x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>prefixed</x:t></x:is></x:c></x:row>\
            </x:sheetData></x:worksheet>
            """
        #expect(
            try records(XLSXReader(data: XLSXTestWorkbook.zip(parts))) == [
                NumberedRecord(["", "prefixed"], line: 2)
            ])
    }

    @Test func missingSharedStringIsAnError() throws {
        let sheetData = #"<row r="3"><c r="B3" t="s"><v>5</v></c></row>"#
        let data = try XLSXTestWorkbook.zip(
            XLSXTestWorkbook.parts(sheets: [("S", sheetData)], sharedStrings: []))
        let error = tabularError { _ = try records(XLSXReader(data: data)) }
        #expect(
            error
                == TabularError(
                    line: 3, column: 2, reason: "the cell refers to shared string 5, which does not exist"))
    }

    @Test func errorsFromTheBodyStopTheParse() throws {
        struct Stop: Error {}
        let sheetData =
            #"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>"#
        let reader = try XLSXReader(
            data: XLSXTestWorkbook.zip(XLSXTestWorkbook.parts(sheets: [("S", sheetData)])))
        var rowsSeen = 0
        #expect(throws: Stop.self) {
            try reader.forEachRecord { _, _ in
                rowsSeen += 1
                throw Stop()
            }
        }
        #expect(rowsSeen == 1)
    }

    // MARK: Inflation limits

    /// A sheet of `rows` rows of one cell, each row about 80 bytes of XML.
    private func largeSheet(rows: Int) -> String {
        (1...rows).map { #"<row r="\#($0)"><c r="A\#($0)" t="inlineStr"><is><t>第\#($0)行的内容</t></is></c></row>"# }
            .joined()
    }

    @Test func aPartInflatingPastItsLimitIsRefusedNamingThePartAndTheLimit() throws {
        let data = try XLSXTestWorkbook.deflatedZip(XLSXTestWorkbook.parts(sheets: [("Data", largeSheet(rows: 100))]))
        let limits = XLSXInflationLimits(partBytes: 4_000, workbookBytes: 1 << 20)
        let error = tabularError { _ = try records(XLSXReader(data: data, limits: limits)) }
        #expect(
            error?.reason
                == "the part xl/worksheets/sheet1.xml inflates to more than 4000 bytes, "
                + "the most one part of an XLSX file may hold")
        #expect(try records(XLSXReader(data: data, limits: .standard)).count == 100)
    }

    @Test func partsInflatingPastTheWorkbooksLimitTogetherAreRefused() throws {
        let strings = (1...100).map { "<t>共享字符串\($0)</t>" }
        let data = try XLSXTestWorkbook.deflatedZip(
            XLSXTestWorkbook.parts(sheets: [("Data", largeSheet(rows: 40))], sharedStrings: strings))
        let limits = XLSXInflationLimits(partBytes: 4_000, workbookBytes: 6_000)
        let error = tabularError { _ = try records(XLSXReader(data: data, limits: limits)) }
        #expect(
            error?.reason
                == "the workbook inflates to more than 6000 bytes by the part xl/worksheets/sheet1.xml, "
                + "the most an XLSX file may hold in all")
    }

    @Test func aPartDeclaringASmallSizeIsMeasuredAsItInflates() throws {
        let path = "xl/worksheets/sheet1.xml"
        let honest = try XLSXTestWorkbook.deflatedZip(XLSXTestWorkbook.parts(sheets: [("Data", largeSheet(rows: 100))]))
        let lying = XLSXTestWorkbook.declaring(100, for: path, in: honest)
        let limits = XLSXInflationLimits(partBytes: 4_000, workbookBytes: 1 << 20)
        let error = tabularError { _ = try records(XLSXReader(data: lying, limits: limits)) }
        #expect(
            error?.reason.hasPrefix("the part \(path) inflates to more than 4000 bytes") == true,
            "\(String(describing: error))")
    }

    @Test func aPartDeclaringMoreThanTheLimitIsRefusedBeforeInflating() throws {
        let path = "xl/worksheets/sheet1.xml"
        let small = try XLSXTestWorkbook.deflatedZip(XLSXTestWorkbook.parts(sheets: [("Data", largeSheet(rows: 2))]))
        let lying = XLSXTestWorkbook.declaring(3 << 30, for: path, in: small)
        let error = tabularError { _ = try records(XLSXReader(data: lying)) }
        #expect(
            error?.reason
                == "the part \(path) inflates to more than 1536 MiB, the most one part of an XLSX file may hold")
    }
}
