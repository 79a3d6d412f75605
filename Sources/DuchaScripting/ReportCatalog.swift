import DuchaScripts
import DuchaStore
import Foundation

/// The reports `ducha report NAME` can run: the workspace's own (`reports/NAME.lua` in the
/// workspace folder), which win, then those shipped with Ducha.
public struct ReportCatalog {
    public let workspace: Workspace?

    public init(workspace: Workspace?) { self.workspace = workspace }

    /// A report's source and the name messages give it.
    public func source(of name: String) throws -> (source: [UInt8], name: String) {
        if let folder = workspace?.directory.appendingPathComponent("reports") {
            let file = folder.appendingPathComponent("\(name).lua")
            if let data = FileManager.default.contents(atPath: file.path) {
                return (Array(data), "reports/\(name).lua")
            }
        }
        if let shipped = ShippedScripts.all[name] { return (shipped, "\(name).lua") }
        throw ReportCatalogError(name: name, available: names())
    }

    /// Every report name, sorted.
    public func names() -> [String] {
        var names = Set(ShippedScripts.all.keys)
        if let folder = workspace?.directory.appendingPathComponent("reports"),
            let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        {
            names.formUnion(files.filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) })
        }
        return names.sorted()
    }
}

/// A report name that names no report.
public struct ReportCatalogError: Error, CustomStringConvertible {
    public let name: String
    public let available: [String]

    public var description: String { "no report named '\(name)' (available: \(available.joined(separator: ", ")))" }
}
