import DuchaModel
import Foundation

/// A plugin unpacked in a workspace's `plugins/` folder.
public struct InstalledPlugin: Sendable {
    public let manifest: PluginManifest
    public let folder: URL
    /// False after `ducha plugin disable`.
    public let isEnabled: Bool

    public init(manifest: PluginManifest, folder: URL, isEnabled: Bool) {
        self.manifest = manifest
        self.folder = folder
        self.isEnabled = isEnabled
    }
}

/// The plugins of a workspace: `plugins/NAME/` folders, and `plugins/NAME.disabled`
/// markers for those switched off.
public struct InstalledPlugins: Sendable {
    /// The environment variable that switches every plugin off when set to 1.
    public static let killSwitch = "DUCHA_DISABLE_PLUGINS"

    public let folder: URL

    public init(workspace directory: URL) { folder = directory.appendingPathComponent("plugins") }

    /// Whether `DUCHA_DISABLE_PLUGINS=1` is set.
    public static var allDisabled: Bool { ProcessInfo.processInfo.environment[killSwitch] == "1" }

    /// Every installed plugin, by name; a folder whose manifest cannot be read is an error.
    public func all() throws -> [InstalledPlugin] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return try names.sorted().compactMap { name in
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(name)
            guard !name.hasPrefix("."), FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { return nil }
            return try plugin(at: path)
        }
    }

    /// The plugins that run: enabled ones, none when the kill switch is on.
    public func active() throws -> [InstalledPlugin] { Self.running(try all()) }

    /// Of `plugins`, those that run.
    public static func running(_ plugins: [InstalledPlugin]) -> [InstalledPlugin] {
        allDisabled ? [] : plugins.filter(\.isEnabled)
    }

    /// The installed plugin `name`, or nil.
    public func plugin(named name: String) throws -> InstalledPlugin? {
        guard PluginManifest.isValidName(name) else { return nil }
        let path = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: path.appendingPathComponent(PluginManifest.fileName).path) else {
            return nil
        }
        return try plugin(at: path)
    }

    private func plugin(at path: URL) throws -> InstalledPlugin {
        let manifest = try PluginManifest(folder: path)
        return InstalledPlugin(
            manifest: manifest, folder: path,
            isEnabled: !FileManager.default.fileExists(atPath: disabledMarker(manifest.name).path))
    }

    func disabledMarker(_ name: String) -> URL { folder.appendingPathComponent("\(name).disabled") }

    /// Switches a plugin on or off.
    public func setEnabled(_ enabled: Bool, name: String) throws {
        guard try plugin(named: name) != nil else { throw InstallError.notInstalled(name) }
        let marker = disabledMarker(name)
        if enabled {
            try? FileManager.default.removeItem(at: marker)
        } else {
            try Data("disabled by `ducha plugin disable \(name)`\n".utf8).write(to: marker)
        }
    }
}
