import Foundation
import Testing

@testable import DuchaStore

@Suite struct WorkspaceTests {
    private func makeWorkspace() throws -> Workspace {
        try Workspace.create(
            at: temporaryFolder().appendingPathComponent("团队"),
            configuration: WorkspaceConfiguration(
                name: "桃江县纪委监委", asOf: "2021-08-14",
                identity: .init(user: "analyst", body: "body:taojiang", grants: ["write"])))
    }

    @Test func discoveryWalksUpLikeGit() throws {
        let workspace = try makeWorkspace()
        let nested = workspace.directory.appendingPathComponent("reports/2021")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let found = try Workspace.discover(from: nested, environment: [:])
        #expect(found.directory.path == workspace.directory.path)
        #expect(found.configuration.name == "桃江县纪委监委")
        #expect(found.configuration.identity.grants == ["write"])
    }

    @Test func anExplicitFolderOrTheEnvironmentWins() throws {
        let workspace = try makeWorkspace()
        let elsewhere = try temporaryFolder()
        #expect(
            try Workspace.discover(from: elsewhere, explicit: workspace.directory.path, environment: [:]).directory.path
                == workspace.directory.path)
        #expect(
            try Workspace.discover(from: elsewhere, environment: ["DUCHA_WORKSPACE": workspace.directory.path])
                .directory.path == workspace.directory.path)
    }

    @Test func outsideAnyWorkspaceTheErrorSaysHowToMakeOne() throws {
        #expect {
            try Workspace.discover(from: temporaryFolder(), environment: [:])
        } throws: { error in
            "\(error)".contains("ducha init")
        }
    }

    @Test func aCreationThatFailsLeavesNoWorkspaceAndCanBeTriedAgain() throws {
        struct Broken: Error {}
        let folder = try temporaryFolder().appendingPathComponent("新")
        let configuration = WorkspaceConfiguration(name: "新", identity: .init(user: "analyst"))
        #expect(throws: Broken.self) {
            try Workspace.create(at: folder, configuration: configuration) { store in
                try store.insert(YiyangSample.records())
                throw Broken()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
        #expect(throws: WorkspaceError.self) { try Workspace.discover(from: folder) }

        // What an interrupted creation leaves behind is cleared by the next one.
        FileManager.default.createFile(
            atPath: folder.appendingPathComponent("ducha.sqlite.creating").path, contents: Data("x".utf8))
        let workspace = try Workspace.create(at: folder, configuration: configuration) { store in
            try store.insert(YiyangSample.records())
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["ducha.sqlite", "ducha.toml"])
        #expect(try workspace.openStore().counts().contains { $0.collection == "findings" && $0.count > 0 })
    }

    @Test func initRefusesADatabaseFileItDidNotMake() throws {
        let folder = try temporaryFolder()
        let database = folder.appendingPathComponent("ducha.sqlite")
        FileManager.default.createFile(atPath: database.path, contents: Data("someone's".utf8))
        #expect(throws: WorkspaceError.databaseExists(path: database.path)) {
            try Workspace.create(
                at: folder, configuration: WorkspaceConfiguration(name: "x", identity: .init(user: "a")))
        }
        #expect(try Data(contentsOf: database) == Data("someone's".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["ducha.sqlite"])
    }

    @Test func initRefusesAnExistingWorkspace() throws {
        let workspace = try makeWorkspace()
        #expect(throws: WorkspaceError.alreadyExists(directory: workspace.directory.path)) {
            try Workspace.create(at: workspace.directory, configuration: workspace.configuration)
        }
    }

    @Test(arguments: [
        ("name = 1\n[identity]\nuser = \"a\"\ngrants = []\n", "name: wrong type"),
        ("[identity]\nuser = \"a\"\ngrants = []\n", "missing key 'name'"),
        ("name = \"x\"\n", "missing key 'identity'"),
        (
            "name = \"x\"\nas_of = \"2021-02-30\"\n[identity]\nuser = \"a\"\ngrants = []\n",
            "as_of: '2021-02-30' is not a date"
        ),
        ("name = \"x\"\n[identity]\nuser = \"a\"\ngrants = [\"root\"]\n", "unknown grant 'root'"),
        ("name = \"x\n", "line 1"),
    ])
    func aBrokenConfigurationNamesTheKey(text: String, problem: String) {
        #expect {
            try WorkspaceConfiguration.parse(text, file: "ducha.toml")
        } throws: { error in
            "\(error)".hasPrefix("ducha.toml: ") && "\(error)".contains(problem)
        }
    }

    @Test func theConfigurationRoundTrips() throws {
        let configuration = WorkspaceConfiguration(
            name: "资阳区 \"体验式\" 监督\\第\t二\n轮", asOf: "2021-08-14",
            identity: .init(user: "张三", body: "body:ziyang", grants: ["confidential", "write"]),
            registries: [.init(name: "city", url: "https://registry.example/ducha")],
            taxonomy: ["finding_category": ["mask_missing": "未佩戴口罩", "crowding": "人员\"聚集\""]])
        #expect(try WorkspaceConfiguration.parse(configuration.tomlText(), file: "x") == configuration)
    }
}

@Suite struct WorkspaceTaxonomyTests {
    @Test func theConfigurationExtendsAndRelabelsDataDrivenEnumerations() throws {
        let text = """
            name = "x"
            [identity]
            user = "a"
            grants = []
            [taxonomy.finding_category]
            mask_missing = "未佩戴口罩"
            [taxonomy.formalism_type]
            ft1 = "文件落实走过场"
            """
        let folder = try temporaryFolder()
        try Data(text.utf8).write(to: folder.appendingPathComponent("ducha.toml"))
        _ = try Store(path: folder.appendingPathComponent("ducha.sqlite").path, create: true)
        let store = try Workspace(directory: folder).openStore()
        let taxonomy = try store.taxonomy()
        #expect(taxonomy.label("finding_category", "mask_missing") == "未佩戴口罩")
        #expect(taxonomy.label("formalism_type", "ft1") == "文件落实走过场")
        #expect(taxonomy.enumeration("formalism_type")?.values.count == 8)
        try store.insert([
            Record("regions", ["id": "region:x", "name": "某地", "level": "city"]),
            Record("units", ["id": "unit:x", "name": "单位", "kind": "mall", "region": "region:x"]),
            Record("bodies", ["id": "body:x", "name": "机构", "kind": "commission", "level": "city"]),
            Record(
                "findings",
                ["id": "f", "unit": "unit:x", "body": "body:x", "category": "mask_missing", "found_on": "2021-08-01"]),
        ])
    }

    @Test func aFixedEnumerationCannotBeExtended() {
        let text = "name = \"x\"\n[identity]\nuser = \"a\"\ngrants = []\n[taxonomy.responsibility]\nmine = \"我的\"\n"
        #expect {
            try WorkspaceConfiguration.parse(text, file: "ducha.toml")
        } throws: { error in
            "\(error)" == "ducha.toml: taxonomy: the enumeration 'responsibility' is fixed and cannot be extended"
        }
    }
}
