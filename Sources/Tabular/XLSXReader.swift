import Foundation

/// Reads one worksheet of an Office Open XML spreadsheet (.xlsx) as records of text.
///
/// Every cell comes out as the text Excel would display for common formats:
/// strings as stored, whole numbers without a trailing `.0`, other numbers
/// exactly as written in the file, booleans as `TRUE`/`FALSE` (as Excel shows
/// them and writes them to CSV, so both exports of a sheet read alike), and
/// numbers with a date format as ISO 8601 dates such as `2021-08-01` or
/// `2021-08-01T13:45`. Formulas yield their cached result.
public struct XLSXReader {
    /// The names of all sheets, in workbook order.
    public let sheetNames: [String]
    /// The name of the sheet this reader reads.
    public let sheetName: String

    private let package: XLSXPackage
    private let worksheetPath: String
    private let sharedStringsPath: String?
    private let stylesPath: String?
    private let dateSystem: ExcelDateSystem

    private static let workbookPath = "xl/workbook.xml"
    private static let workbookRelationshipsPath = "xl/_rels/workbook.xml.rels"

    /// Opens a workbook held in memory and selects a sheet.
    ///
    /// - Parameters:
    ///   - sheet: The sheet to read; nil selects the first sheet in workbook order.
    ///   - limits: How far the parts read may inflate, each and together.
    /// - Throws: `TabularError` if the data is not an XLSX file, a required part
    ///   is missing or malformed, a part inflates past the limits, or no sheet has
    ///   the given name (the reason then lists the sheets there are).
    public init(data: Data, sheet: String? = nil, limits: XLSXInflationLimits = .standard) throws {
        package = try XLSXPackage(data: data, limits: limits)
        let workbook = WorkbookHandler()
        try parseXMLPart(
            try package.requiredPart(Self.workbookPath), named: Self.workbookPath, with: workbook)
        let relationships = RelationshipsHandler(sourceFolder: "xl/")
        try parseXMLPart(
            try package.requiredPart(Self.workbookRelationshipsPath),
            named: Self.workbookRelationshipsPath,
            with: relationships)

        let entry = try Self.select(sheet, from: workbook.sheets)
        guard let worksheet = relationships.relationshipsByID[entry.relationshipID] else {
            throw TabularError(
                reason:
                    "not a valid XLSX file (sheet \"\(entry.name)\" has no part in \(Self.workbookRelationshipsPath))"
            )
        }
        sheetNames = workbook.sheets.map(\.name)
        sheetName = entry.name
        worksheetPath = worksheet.partPath
        sharedStringsPath = relationships.partPath(ofTypeEndingWith: "/sharedStrings")
        stylesPath = relationships.partPath(ofTypeEndingWith: "/styles")
        dateSystem = workbook.dateSystem
    }

    private static func select(_ name: String?, from sheets: [SheetEntry]) throws -> SheetEntry {
        guard let name else {
            guard let first = sheets.first else {
                throw TabularError(reason: "not a valid XLSX file (the workbook lists no sheets)")
            }
            return first
        }
        guard let match = sheets.first(where: { $0.name == name }) else {
            let available = sheets.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw TabularError(
                reason: "the workbook has no sheet named \"\(name)\"; its sheets are \(available)")
        }
        return match
    }

    /// Calls `body` with each non-empty row of the sheet, top to bottom.
    ///
    /// Rows are streamed as the sheet is parsed, so `body` may already have
    /// seen earlier rows when an error is thrown.
    ///
    /// - Parameter body: Receives the row's cell texts, from column A up to the
    ///   last cell with a value, and the 1-based spreadsheet row number, which
    ///   skips rows with no values.
    /// - Throws: `TabularError` for missing or malformed parts, or parts that inflate past
    ///   the limits; any error thrown by `body`.
    public func forEachRecord(_ body: (_ fields: [String], _ row: Int) throws -> Void) throws {
        let context = CellContext(
            sharedStrings: try loadSharedStrings(), styles: try loadStyles(), dateSystem: dateSystem)
        let worksheet = try package.requiredPart(worksheetPath)
        try withoutActuallyEscaping(body) { body in
            try parseXMLPart(
                worksheet, named: worksheetPath, with: WorksheetHandler(context: context, emit: body))
        }
    }

    private func loadSharedStrings() throws -> [String] {
        guard let path = sharedStringsPath, let part = try package.part(path) else { return [] }
        let handler = SharedStringsHandler()
        try parseXMLPart(part, named: path, with: handler)
        return handler.strings
    }

    private func loadStyles() throws -> CellStyles {
        guard let path = stylesPath, let part = try package.part(path) else { return .none }
        let handler = StylesHandler()
        try parseXMLPart(part, named: path, with: handler)
        return handler.styles
    }
}
