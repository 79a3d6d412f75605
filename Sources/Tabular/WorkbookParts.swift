/// A sheet as listed in `xl/workbook.xml`.
struct SheetEntry {
    let name: String
    let relationshipID: String
}

/// Reads the sheet list and date system from `xl/workbook.xml`.
final class WorkbookHandler: XMLPartHandler {
    private(set) var sheets: [SheetEntry] = []
    private(set) var dateSystem = ExcelDateSystem.from1900

    func didStartElement(_ element: Substring, attributes: [String: String]) {
        switch element {
        case "sheet":
            // The relationship prefix is conventionally `r:` but is not fixed.
            let relationshipID = attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value
            if let name = attributes["name"], let relationshipID {
                sheets.append(SheetEntry(name: name, relationshipID: relationshipID))
            }
        case "workbookPr":
            if let date1904 = attributes["date1904"], date1904 == "1" || date1904 == "true" {
                dateSystem = .from1904
            }
        default:
            break
        }
    }
}

/// A relationship from `xl/_rels/workbook.xml.rels`.
struct Relationship {
    let type: String
    /// The target part's path inside the package, without a leading slash.
    let partPath: String
}

/// Reads the relationships of the workbook part, which map sheet ids and
/// relationship types to part paths.
final class RelationshipsHandler: XMLPartHandler {
    private(set) var relationshipsByID: [String: Relationship] = [:]
    private let sourceFolder: String

    /// - Parameter sourceFolder: The folder of the part the relationships belong
    ///   to, which relative targets are resolved against, e.g. `xl/`.
    init(sourceFolder: String) {
        self.sourceFolder = sourceFolder
    }

    func didStartElement(_ element: Substring, attributes: [String: String]) {
        guard element == "Relationship", attributes["TargetMode"] != "External",
            let id = attributes["Id"], let type = attributes["Type"], let target = attributes["Target"]
        else { return }
        relationshipsByID[id] = Relationship(type: type, partPath: resolve(target))
    }

    private func resolve(_ target: String) -> String {
        target.hasPrefix("/") ? String(target.dropFirst()) : sourceFolder + target
    }

    /// The part of the first relationship whose type ends with `typeSuffix`, such as `/sharedStrings`.
    func partPath(ofTypeEndingWith typeSuffix: String) -> String? {
        relationshipsByID.values.first { $0.type.hasSuffix(typeSuffix) }?.partPath
    }
}
