import Foundation
import ZIPFoundation

/// XLSX files written part by part, so a test decides exactly which cells the sheet holds.
enum SpreadsheetFile {
    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A workbook of one sheet whose `<sheetData>` is `sheetData`.
    static func workbook(sheetData: String) throws -> Data {
        let parts = [
            "xl/workbook.xml":
                #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            "xl/_rels/workbook.xml.rels":
                #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relationships)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
            "xl/worksheets/sheet1.xml":
                #"<worksheet xmlns="\#(main)"><sheetData>\#(sheetData)</sheetData></worksheet>"#,
        ]
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let contents = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(contents.count)) { position, size in
                contents.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }
}
