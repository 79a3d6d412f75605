import DuchaScripts
import DuchaStore
import Foundation

/// The reports `ducha report NAME` can run: the workspace's own (`reports/NAME.lua` in the
/// workspace folder), which win, then those shipped with Ducha, then those of enabled
/// plugins. A plugin's report replaces a shipped report of the same name only where the
/// user agreed to it at install, as `ducha.lock` records.
public struct ReportCatalog {
    /// The names of the reports shipped with Ducha.
    public static var shippedNames: Set<String> { Set(ShippedScripts.all.keys) }

    public let workspace: Workspace?
    public let plugins: PluginCatalog

    /// A report to run: a script run as the user's own, or a plugin's, run confined.
    public enum Report {
        case script(source: [UInt8], name: String)
        case plugin(PluginContext, file: String)
    }

    public init(workspace: Workspace?) {
        self.workspace = workspace
        plugins = PluginCatalog(workspace: workspace)
    }

    /// The report called `name`.
    public func report(_ name: String) throws -> Report {
        if let folder = workspace?.directory.appendingPathComponent("reports") {
            let file = folder.appendingPathComponent("\(name).lua")
            if let data = FileManager.default.contents(atPath: file.path) {
                return .script(source: Array(data), name: "reports/\(name).lua")
            }
        }
        if let shipped = ShippedScripts.all[name] {
            if let (context, file) = try plugins.replacement(ofShippedReport: name) {
                return .plugin(context, file: file)
            }
            return .script(source: shipped, name: "\(name).lua")
        }
        if let (context, file) = try plugins.entry(name, in: \.reports) { return .plugin(context, file: file) }
        throw ReportCatalogError(name: name, available: names())
    }

    /// Every report name, sorted.
    public func names() -> [String] {
        var names = Self.shippedNames
        if let folder = workspace?.directory.appendingPathComponent("reports"),
            let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        {
            names.formUnion(files.filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) })
        }
        names.formUnion(plugins.names(in: \.reports))
        return names.sorted()
    }
}

/// A report name that names no report.
public struct ReportCatalogError: Error, CustomStringConvertible {
    public let name: String
    public let available: [String]

    public var description: String { "no report named '\(name)' (available: \(available.joined(separator: ", ")))" }
}
