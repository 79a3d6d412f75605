import Foundation
import ZIPFoundation

/// Builds .xlsx files part by part, so tests control every byte the reader sees.
enum XLSXTestWorkbook {
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A ZIP archive of the given parts.
    static func zip(_ parts: [String: String]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let contents = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(contents.count)) {
                position, size in
                contents.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    /// A ZIP archive of the given parts, deflated.
    static func deflatedZip(_ parts: [String: String]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let contents = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(contents.count), compressionMethod: .deflate
            ) { position, size in
                contents.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    /// `zip` with the uncompressed size its headers declare for `path` changed to `size`:
    /// an archive that lies about how far an entry inflates.
    static func declaring(_ size: UInt32, for path: String, in zip: Data) -> Data {
        var bytes = [UInt8](zip)
        let name = [UInt8](path.utf8)
        // The local header's size is 22 bytes in, its name 30; the central directory's 24 and 46.
        for (signature, sizeOffset, nameOffset) in [(0x0403_4b50, 22, 30), (0x0201_4b50, 24, 46)] {
            for start in 0..<(bytes.count - nameOffset - name.count) {
                let found = bytes[start..<start + 4].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
                guard found == signature, Array(bytes[start + nameOffset..<start + nameOffset + name.count]) == name
                else { continue }
                for index in 0..<4 {
                    bytes[start + sizeOffset + index] = UInt8(truncatingIfNeeded: size >> (8 * index))
                }
            }
        }
        return Data(bytes)
    }

    /// A workbook whose sheets are listed in the given order, each with its `<sheetData>` content.
    static func parts(
        sheets: [(name: String, sheetData: String)], sharedStrings: [String]? = nil,
        styles: String? = nil,
        workbookProperties: String = ""
    ) -> [String: String] {
        var parts: [String: String] = [:]
        var sheetElements = ""
        var relationships = ""
        for (index, sheet) in sheets.enumerated() {
            let id = index + 1
            sheetElements += #"<sheet name="\#(sheet.name)" sheetId="\#(id)" r:id="rIdSheet\#(id)"/>"#
            relationships +=
                #"<Relationship Id="rIdSheet\#(id)" Type="\#(relationshipNamespace)/worksheet" Target="worksheets/sheet\#(id).xml"/>"#
            parts["xl/worksheets/sheet\(id).xml"] =
                #"<worksheet xmlns="\#(mainNamespace)"><sheetData>\#(sheet.sheetData)</sheetData></worksheet>"#
        }
        if let sharedStrings {
            relationships +=
                #"<Relationship Id="rIdStrings" Type="\#(relationshipNamespace)/sharedStrings" Target="sharedStrings.xml"/>"#
            parts["xl/sharedStrings.xml"] =
                #"<sst xmlns="\#(mainNamespace)">\#(sharedStrings.map { "<si>\($0)</si>" }.joined())</sst>"#
        }
        if let styles {
            relationships +=
                #"<Relationship Id="rIdStyles" Type="\#(relationshipNamespace)/styles" Target="/xl/styles.xml"/>"#
            parts["xl/styles.xml"] = #"<styleSheet xmlns="\#(mainNamespace)">\#(styles)</styleSheet>"#
        }
        parts["xl/workbook.xml"] =
            #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)">\#(workbookProperties)<sheets>\#(sheetElements)</sheets></workbook>"#
        parts["xl/_rels/workbook.xml.rels"] =
            #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(relationships)</Relationships>"#
        return parts
    }
}
