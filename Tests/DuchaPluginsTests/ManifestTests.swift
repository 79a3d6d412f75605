import DuchaModel
import DuchaPlugins
import Foundation
import Testing

@Suite struct ManifestTests {
    private let scratch: TemporaryFolder

    init() throws { scratch = try TemporaryFolder() }

    private static let full = """
        name = "taojiang-bulletin"
        version = "1.2.0"
        api = "^1.0"
        description = "一日一通报"
        team = "桃江县纪委监委"
        license = "MIT"
        main = "init.lua"
        [dependencies]
        common-formats = "^2.1"
        [permissions]
        read = ["findings", "inspections", "units", "bodies"]
        confidential = false
        write = []
        files = ["out/"]
        [reports]
        daily-bulletin = "reports/daily.lua"
        [commands]
        bulletin = "commands/bulletin.lua"
        """

    /// The full manifest with one line replaced.
    private func full(replacing line: String, with replacement: String) -> String {
        precondition(Self.full.contains(line))
        return Self.full.replacingOccurrences(of: line, with: replacement)
    }

    /// The error parsing `text` fails with.
    private func failure(_ text: String) throws -> ManifestError {
        try #require(throws: ManifestError.self) { try PluginManifest(parsing: text, file: "plugin.toml") }
    }

    @Test func aFullManifestParsesToItsValues() throws {
        let manifest = try PluginManifest(parsing: Self.full, file: "plugin.toml")
        #expect(manifest.name == "taojiang-bulletin")
        #expect(manifest.version == SemanticVersion(1, 2, 0))
        #expect(manifest.api.description == "^1.0")
        #expect(manifest.description == "一日一通报")
        #expect(manifest.team == "桃江县纪委监委")
        #expect(manifest.license == "MIT")
        #expect(manifest.main == "init.lua")
        #expect(manifest.dependencies == ["common-formats": VersionRange("^2.1")!])
        #expect(
            manifest.permissions
                == PluginPermissions(
                    read: ["findings", "inspections", "units", "bodies"], confidential: false, write: [],
                    files: ["out/"]))
        #expect(manifest.reports == ["daily-bulletin": "reports/daily.lua"])
        #expect(manifest.commands == ["bulletin": "commands/bulletin.lua"])
        #expect(manifest.formats.isEmpty)
        #expect(manifest.title == "taojiang-bulletin 1.2.0")
        #expect(manifest.scripts == ["commands/bulletin.lua", "init.lua", "reports/daily.lua"])
    }

    @Test func optionalKeysDefaultToEmpty() throws {
        let manifest = try PluginManifest(
            parsing: "name = \"tiny\"\nversion = \"0.1.0\"\napi = \"*\"\n", file: "plugin.toml")
        #expect(manifest.description.isEmpty)
        #expect(manifest.main == nil)
        #expect(manifest.dependencies.isEmpty)
        #expect(manifest.permissions == PluginPermissions())
        #expect(manifest.scripts.isEmpty)
    }

    @Test func aFolderWithoutSlashGetsOneAndPermissionsSummarizeForAPerson() throws {
        let manifest = try PluginManifest(
            parsing: full(replacing: "files = [\"out/\"]", with: "files = [\"out\", \"exports/daily/\"]"),
            file: "plugin.toml")
        #expect(manifest.permissions.files == ["out/", "exports/daily/"])
        #expect(
            manifest.permissions.summary == [
                "reads: findings, inspections, units, bodies", "confidential values: no (pseudonyms)",
                "writes records: none", "writes files under: out/, exports/daily/",
            ])
        #expect(manifest.permissions.readableCollections == ["findings", "inspections", "units", "bodies"])
    }

    @Test func readingEveryCollectionIsWrittenAsAStar() throws {
        let manifest = try PluginManifest(
            parsing: full(
                replacing: "read = [\"findings\", \"inspections\", \"units\", \"bodies\"]", with: "read = [\"*\"]"),
            file: "plugin.toml")
        #expect(manifest.permissions.readableCollections == nil)
        #expect(manifest.permissions.summary.first == "reads: every collection")
    }

    @Test func aMissingNameIsNamed() throws {
        let error = try failure(full(replacing: "name = \"taojiang-bulletin\"", with: ""))
        #expect(error.key == "name")
        #expect(error.reason.hasPrefix("missing"))
        #expect(error.description.hasPrefix("plugin.toml: 'name': missing"))
    }

    @Test func aNameWithCapitalsOrUnderscoresIsRefused() throws {
        let error = try failure(full(replacing: "name = \"taojiang-bulletin\"", with: "name = \"Bad_Name\""))
        #expect(error.key == "name")
        #expect(error.reason.contains("'Bad_Name' is not a plugin name"))
    }

    @Test(arguments: ["", "-leading-hyphen", String(repeating: "a", count: 65), "中文"])
    func namesThatCannotBeFolderNamesAreNotPluginNames(name: String) {
        #expect(!PluginManifest.isValidName(name))
    }

    @Test func aNameOfLettersDigitsAndHyphensIsAPluginName() {
        #expect(PluginManifest.isValidName("taojiang-bulletin-2"))
        #expect(PluginManifest.isValidName(String(repeating: "a", count: 64)))
    }

    @Test func aVersionThatIsNotSemanticIsRefused() throws {
        let error = try failure(full(replacing: "version = \"1.2.0\"", with: "version = \"1.x\""))
        #expect(error.key == "version")
        #expect(error.reason == "'1.x' is not a semantic version (for example 1.2.0)")
    }

    @Test func aVersionThatIsNotAStringNamesItsType() throws {
        let error = try failure(full(replacing: "version = \"1.2.0\"", with: "version = 1"))
        #expect(error.key == "version")
        #expect(error.reason.hasPrefix("must be a string"))
    }

    @Test func aMissingAPIRangeIsNamed() throws {
        let error = try failure(full(replacing: "api = \"^1.0\"", with: ""))
        #expect(error.key == "api")
        #expect(error.reason.hasPrefix("missing: the ducha Lua API versions"))
    }

    @Test func aBadAPIRangeIsRefused() throws {
        let error = try failure(full(replacing: "api = \"^1.0\"", with: "api = \"^x\""))
        #expect(error.key == "api")
        #expect(error.reason.hasPrefix("'^x' is not a version range"))
    }

    @Test func aBadDependencyRangeNamesTheDependency() throws {
        let error = try failure(full(replacing: "common-formats = \"^2.1\"", with: "common-formats = \"^x\""))
        #expect(error.key == "dependencies.common-formats")
        #expect(error.reason.hasPrefix("'^x' is not a version range"))
    }

    @Test func aDependencyWhoseNameIsNotAPluginNameIsRefused() throws {
        let error = try failure(full(replacing: "common-formats = \"^2.1\"", with: "Common_Formats = \"^2.1\""))
        #expect(error.key == "dependencies.Common_Formats")
        #expect(error.reason == "'Common_Formats' is not a plugin name")
    }

    @Test func aMisspelledTopLevelKeyIsRefusedListingTheValidOnes() throws {
        let error = try failure(full(replacing: "[permissions]", with: "[permisions]"))
        #expect(error.key == "permisions")
        #expect(error.reason.hasPrefix("unknown key (valid: "))
        #expect(error.reason.contains("permissions"))
    }

    @Test func anUnknownPermissionIsRefused() throws {
        let error = try failure(full(replacing: "confidential = false", with: "confidential = false\nnetwork = true"))
        #expect(error.key == "permissions.network")
        #expect(error.reason == "unknown key (valid: read, confidential, write, files)")
    }

    @Test func anUnknownCollectionIsRefusedListingTheValidOnes() throws {
        let error = try failure(
            full(
                replacing: "read = [\"findings\", \"inspections\", \"units\", \"bodies\"]", with: "read = [\"secrets\"]"
            ))
        #expect(error.key == "permissions.read")
        let valid = Schema.v1.collections.map(\.name).joined(separator: ", ")
        #expect(error.reason == "unknown collection 'secrets' (valid: \(valid), or \"*\" for all)")
        #expect(valid.contains("findings"))
    }

    @Test func writingEveryCollectionCannotBeAskedFor() throws {
        let error = try failure(full(replacing: "write = []", with: "write = [\"*\"]"))
        #expect(error.key == "permissions.write")
        #expect(error.reason.hasPrefix("unknown collection '*'"))
        #expect(!error.reason.contains("for all"))
    }

    @Test func confidentialMustBeABoolean() throws {
        let error = try failure(full(replacing: "confidential = false", with: "confidential = \"no\""))
        #expect(error.key == "permissions.confidential")
        #expect(error.reason == "must be true or false")
    }

    @Test(arguments: ["../x.lua", "/etc/x.lua", "lib/../../x.lua", "./init.lua", "lib\\\\x.lua"])
    func aMainModuleOutsideThePluginIsRefused(path: String) throws {
        let error = try failure(full(replacing: "main = \"init.lua\"", with: "main = \"\(path)\""))
        #expect(error.key == "main")
        #expect(error.reason.hasSuffix("must be a relative path inside the plugin, without '..'"))
    }

    @Test func aMainModuleMustBeLua() throws {
        let error = try failure(full(replacing: "main = \"init.lua\"", with: "main = \"init.py\""))
        #expect(error.key == "main")
        #expect(error.reason == "'init.py' must be a .lua file")
    }

    @Test func aReportScriptOutsideThePluginNamesTheReport() throws {
        let error = try failure(
            full(replacing: "daily-bulletin = \"reports/daily.lua\"", with: "daily-bulletin = \"../daily.lua\""))
        #expect(error.key == "reports.daily-bulletin")
    }

    @Test func aFilesFolderOutsideTheWorkspaceIsRefused() throws {
        let error = try failure(full(replacing: "files = [\"out/\"]", with: "files = [\"../elsewhere/\"]"))
        #expect(error.key == "permissions.files")
        #expect(error.reason == "'../elsewhere/' must be a relative path inside the workspace, without '..'")
    }

    @Test func aPluginCannotDependOnItself() throws {
        let error = try failure(
            full(replacing: "common-formats = \"^2.1\"", with: "taojiang-bulletin = \"^1.0\""))
        #expect(error.key == "dependencies.taojiang-bulletin")
        #expect(error.reason == "a plugin cannot depend on itself")
    }

    @Test func aTOMLSyntaxErrorNamesTheLine() throws {
        let error = try failure("name = \"x\"\nversion = \"1.0.0\"\napi = \n")
        #expect(error.key == nil)
        #expect(error.reason.hasPrefix("line 3: "))
        #expect(error.description.hasPrefix("plugin.toml: line 3: "))
    }

    @Test func theAPIRangeDecidesWhichHostsAreSupported() throws {
        let manifest = try PluginManifest(parsing: Self.full, file: "plugin.toml")
        #expect(manifest.supports(api: SemanticVersion(1, 0, 0)))
        #expect(manifest.supports(api: SemanticVersion(1, 9, 3)))
        #expect(!manifest.supports(api: SemanticVersion(2, 0, 0)))
        let newer = try PluginManifest(
            parsing: full(replacing: "api = \"^1.0\"", with: "api = \"^2.0\""), file: "plugin.toml")
        #expect(!newer.supports(api: SemanticVersion(1, 0, 0)))
        #expect(newer.supports(api: SemanticVersion(2, 1, 0)))
    }

    @Test func checkingScriptsNamesTheOneMissing() throws {
        let folder = try writePlugin(
            at: scratch.path("bulletin"), manifest: Self.full,
            files: ["init.lua": "return {}", "commands/bulletin.lua": "print('hi')"])
        let manifest = try PluginManifest(folder: folder)
        let error = try #require(throws: ManifestError.self) {
            try manifest.checkScripts(in: folder, file: "bulletin/plugin.toml")
        }
        #expect(error.file == "bulletin/plugin.toml")
        #expect(error.key == nil)
        #expect(error.reason == "names reports/daily.lua, which the plugin does not contain")
    }

    @Test func checkingScriptsPassesWhenEveryScriptIsThere() throws {
        let folder = try writePlugin(
            at: scratch.path("bulletin"), manifest: Self.full,
            files: ["init.lua": "", "commands/bulletin.lua": "", "reports/daily.lua": ""])
        try PluginManifest(folder: folder).checkScripts(in: folder, file: "plugin.toml")
    }

    @Test func aFolderWithoutAManifestIsNotAPlugin() throws {
        let folder = try scratch.folder("empty")
        let error = try #require(throws: ManifestError.self) { try PluginManifest(folder: folder) }
        #expect(error.file == folder.appendingPathComponent("plugin.toml").path)
        #expect(error.reason.hasPrefix("no such file"))
    }

    @Test func errorsReadFromAFolderNameTheFilePath() throws {
        let folder = try writePlugin(
            at: scratch.path("broken"), manifest: full(replacing: "version = \"1.2.0\"", with: "version = \"1.x\""))
        let error = try #require(throws: ManifestError.self) { try PluginManifest(folder: folder) }
        #expect(error.description.hasPrefix(folder.appendingPathComponent("plugin.toml").path + ": 'version': "))
    }
}
