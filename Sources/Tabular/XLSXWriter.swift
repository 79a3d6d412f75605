import Foundation
import ZIPFoundation

/// Writes records to a single-sheet .xlsx workbook.
///
/// Every cell is written as a text cell in a text-formatted style, so values
/// such as `007` or `1e5` stay exactly as given instead of being reinterpreted
/// as numbers when the file is opened or edited in Excel.
public struct XLSXWriter: Sendable {
    /// The name of the workbook's only sheet.
    public let sheetName: String
    private var sheetData: [UInt8] = []
    private var rowCount = 0

    /// The longest sheet name Excel accepts.
    private static let maximumSheetNameLength = 31
    private static let forbiddenSheetNameCharacters: Set<Character> = [
        ":", "\\", "/", "?", "*", "[", "]",
    ]

    /// Creates a workbook with one empty sheet.
    ///
    /// - Throws: `TabularError` if Excel would reject `sheetName`: it must be
    ///   1–31 characters, without `: \ / ? * [ ]`, and not start or end with `'`.
    public init(sheetName: String = "Sheet1") throws {
        guard !sheetName.isEmpty, sheetName.count <= Self.maximumSheetNameLength,
            !sheetName.contains(where: Self.forbiddenSheetNameCharacters.contains),
            !sheetName.hasPrefix("'"), !sheetName.hasSuffix("'")
        else {
            throw TabularError(
                reason:
                    "\"\(sheetName)\" is not a valid sheet name: use 1 to 31 characters, none of : \\ / ? * [ ], not starting or ending with '"
            )
        }
        self.sheetName = sheetName
    }

    /// Appends one row below the previous one; the first row written is usually the header.
    public mutating func write(_ fields: [String]) {
        rowCount += 1
        sheetData.append(contentsOf: "<row r=\"\(rowCount)\">".utf8)
        for (index, field) in fields.enumerated() {
            let reference = "\(CellReference.columnName(index + 1))\(rowCount)"
            sheetData.append(
                contentsOf: "<c r=\"\(reference)\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                    .utf8)
            XMLEscaping.append(field, to: &sheetData)
            sheetData.append(contentsOf: "</t></is></c>".utf8)
        }
        sheetData.append(contentsOf: "</row>".utf8)
    }

    /// The complete .xlsx file.
    ///
    /// - Throws: `TabularError` if the ZIP archive cannot be assembled.
    public var data: Data {
        get throws {
            do {
                let archive = try Archive(accessMode: .create)
                for (path, contents) in parts() {
                    try archive.addEntry(
                        with: path, type: .file, uncompressedSize: Int64(contents.count),
                        compressionMethod: .deflate
                    ) { position, size in
                        contents.subdata(in: Int(position)..<Int(position) + size)
                    }
                }
                guard let data = archive.data else {
                    throw TabularError(reason: "the archive has no contents")
                }
                return data
            } catch {
                throw TabularError(reason: "cannot assemble the XLSX file (\(error))")
            }
        }
    }

    /// The package parts, content types first as Office expects.
    private func parts() -> [(path: String, contents: Data)] {
        [
            ("[Content_Types].xml", Data(XLSXTemplates.contentTypes.utf8)),
            ("_rels/.rels", Data(XLSXTemplates.packageRelationships.utf8)),
            ("xl/workbook.xml", Data(XLSXTemplates.workbook(sheetName: sheetName))),
            ("xl/_rels/workbook.xml.rels", Data(XLSXTemplates.workbookRelationships.utf8)),
            ("xl/styles.xml", Data(XLSXTemplates.styles.utf8)),
            ("xl/worksheets/sheet1.xml", Data(XLSXTemplates.worksheet(sheetData: sheetData))),
        ]
    }
}

/// The fixed XML of a one-sheet workbook.
private enum XLSXTemplates {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let spreadsheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let contentTypes =
        declaration + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/worksheets/sheet1.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
            <Override PartName="/xl/styles.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            </Types>
            """

    static let packageRelationships =
        declaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationshipNamespace)/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """

    static let workbookRelationships =
        declaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationshipNamespace)/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="\(relationshipNamespace)/styles" Target="styles.xml"/>\
            </Relationships>
            """

    /// Style 0 is Excel's default; style 1, used by every cell, applies the text format `@` (id 49).
    static let styles =
        declaration + """
            <styleSheet xmlns="\(spreadsheetNamespace)">\
            <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill>\
            <fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            </styleSheet>
            """

    static func workbook(sheetName: String) -> [UInt8] {
        var xml = Array(
            (declaration
                + #"<workbook xmlns="\#(spreadsheetNamespace)" xmlns:r="\#(relationshipNamespace)">"#
                + #"<sheets><sheet name=""#).utf8)
        XMLEscaping.append(sheetName, to: &xml)
        xml.append(contentsOf: #"" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8)
        return xml
    }

    static func worksheet(sheetData: [UInt8]) -> [UInt8] {
        Array((declaration + #"<worksheet xmlns="\#(spreadsheetNamespace)"><sheetData>"#).utf8)
            + sheetData
            + Array("</sheetData></worksheet>".utf8)
    }
}
