import Foundation
import Testing

/// Two teams share plugins through the built binary: team A makes a key, writes, tests and
/// publishes plugins to a folder registry and to one served over HTTP; team B trusts A's
/// key, installs, runs, upgrades, removes and reinstalls exactly what its lock pins.
@Suite(.serialized) struct PluginSharingTests {
    /// The repository's first-party plugins.
    static let firstParty = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Plugins")

    @Test func twoTeamsShareAPluginWithItsDependency() throws {
        let root = try Ducha.folder(with: [:])
        let teamA = root.appendingPathComponent("team-a")
        try FileManager.default.createDirectory(at: teamA, withIntermediateDirectories: true)
        try expectSuccess(Ducha.run(["keygen", "--out", "keys/taojiang"], in: teamA))
        for name in ["common-formats", "taojiang-bulletin"] {
            try FileManager.default.copyItem(
                at: Self.firstParty.appendingPathComponent(name), to: teamA.appendingPathComponent(name))
        }
        let scaffold = try Ducha.run(["plugin", "new", "county-counts", "--team", "桃江县纪委监委"], in: teamA)
        try expectSuccess(scaffold)
        for plugin in ["county-counts", "common-formats", "taojiang-bulletin"] {
            let tested = try Ducha.run(["plugin", "test", plugin], in: teamA)
            try expectSuccess(tested)
            #expect(tested.standardOutput.contains(" 0 failed"))
            for registry in ["registry", "web"] {
                try expectSuccess(
                    Ducha.run(
                        ["plugin", "publish", plugin, "--registry", registry, "--key", "keys/taojiang"], in: teamA))
            }
        }
        let server = try StaticServer(folder: teamA.appendingPathComponent("web"))
        defer { server.stop() }

        let teamB = root.appendingPathComponent("team-b")
        try expectSuccess(Ducha.run(["init", teamB.path, "--sample", "yiyang-2021"], in: root))
        try expectSuccess(
            Ducha.run(["trust", "add", teamA.path + "/keys/taojiang.pub", "--name", "桃江县纪委监委"], in: teamB))

        let unconfirmed = try Ducha.run(
            ["plugin", "install", "taojiang-bulletin", "--registry", server.url], in: teamB)
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.standardError.contains("--yes"))
        #expect(!FileManager.default.fileExists(atPath: teamB.appendingPathComponent("plugins/taojiang-bulletin").path))

        let installed = try Ducha.run(
            ["plugin", "install", "taojiang-bulletin@^1.2", "--registry", server.url, "--yes"], in: teamB)
        try expectSuccess(installed)
        #expect(installed.standardOutput.contains("reads: findings, units, regions, bodies, bulletins, rectifications"))
        #expect(installed.standardOutput.contains("signed by: 桃江县纪委监委"))
        let list = try Ducha.run(["plugin", "list"], in: teamB)
        #expect(list.standardOutput.contains("common-formats 1.1.0  (dependency)"))
        #expect(list.standardOutput.contains("taojiang-bulletin 1.2.0"))
        let pinned = try String(contentsOf: teamB.appendingPathComponent("ducha.lock"), encoding: .utf8)
        #expect(pinned.contains("name = 'taojiang-bulletin'"))
        #expect(pinned.contains("signer = '桃江县纪委监委'"))
        #expect(pinned.contains(server.url))

        let report = try Ducha.run(["report", "taojiang-daily", "--format", "markdown", "--", "2021-08-05"], in: teamB)
        try expectSuccess(report)
        #expect(report.standardOutput.contains("# 桃江县疫情防控监督检查一日一通报（第三期）"))
        let chat = try Ducha.run(["report", "taojiang-daily", "--format", "wechat", "--", "2021-08-05"], in: teamB)
        try expectSuccess(chat)
        #expect(chat.standardOutput.hasPrefix("【桃江县疫情防控监督检查一日一通报（第三期）】\n"))
        let command = try Ducha.run(["bulletin", "2021-08-05", "save"], in: teamB)
        try expectSuccess(command)
        #expect(command.standardOutput.contains("已保存 out/taojiang-2021-08-05.md"))
        let saved = try String(
            contentsOf: teamB.appendingPathComponent("out/taojiang-2021-08-05.md"), encoding: .utf8)
        #expect(saved.contains("第三期"))
        let repl = try Ducha.run(["repl"], in: teamB, input: ":bulletin 2021-08-05\n:plugins\n")
        try expectSuccess(repl)
        #expect(repl.standardOutput.contains("发现问题1个"))
        #expect(repl.standardOutput.contains("taojiang-bulletin 1.2.0"))

        // Team A publishes 1.3.0; team B upgrades to it.
        let manifest = teamA.appendingPathComponent("taojiang-bulletin/plugin.toml")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "version = \"1.2.0\"", with: "version = \"1.3.0\"")
            .write(to: manifest, atomically: true, encoding: .utf8)
        try expectSuccess(
            Ducha.run(
                ["plugin", "publish", "taojiang-bulletin", "--registry", "web", "--key", "keys/taojiang"], in: teamA))
        let update = try Ducha.run(["plugin", "update", "--registry", server.url, "--yes"], in: teamB)
        try expectSuccess(update)
        #expect(update.standardOutput.contains("taojiang-bulletin 1.2.0 → 1.3.0"))
        #expect(
            try Ducha.run(["plugin", "info", "taojiang-bulletin"], in: teamB).standardOutput.hasPrefix(
                "taojiang-bulletin 1.3.0"))

        // Removing it removes the dependency nothing else needs.
        try expectSuccess(Ducha.run(["plugin", "remove", "taojiang-bulletin"], in: teamB))
        let empty = try FileManager.default.contentsOfDirectory(atPath: teamB.appendingPathComponent("plugins").path)
        #expect(empty.filter { !$0.hasPrefix(".") }.isEmpty)
        let gone = try Ducha.run(["report", "taojiang-daily"], in: teamB)
        #expect(gone.status == 1)

        // A lock written at 1.2.0 reinstalls 1.2.0, though 1.3.0 is the newest.
        try pinned.write(to: teamB.appendingPathComponent("ducha.lock"), atomically: true, encoding: .utf8)
        try expectSuccess(Ducha.run(["plugin", "install", "--locked", "--yes"], in: teamB))
        let reinstalled = try Ducha.run(["plugin", "list"], in: teamB)
        #expect(reinstalled.standardOutput.contains("taojiang-bulletin 1.2.0"))
        #expect(reinstalled.standardOutput.contains("common-formats 1.1.0"))
        #expect(try String(contentsOf: teamB.appendingPathComponent("ducha.lock"), encoding: .utf8) == pinned)

        // The folder registry serves the same plugins, and the kill switch stops them all.
        let teamC = root.appendingPathComponent("team-c")
        try expectSuccess(Ducha.run(["init", teamC.path, "--sample", "yiyang-2021"], in: root))
        try expectSuccess(Ducha.run(["trust", "add", teamA.path + "/keys/taojiang.pub", "--name", "桃江"], in: teamC))
        try expectSuccess(
            Ducha.run(
                ["plugin", "install", "county-counts", "--registry", teamA.path + "/registry", "--yes"], in: teamC))
        try expectSuccess(Ducha.run(["report", "county-counts"], in: teamC))
        let switchedOff = try Ducha.run(
            ["report", "county-counts"], in: teamC, environment: ["DUCHA_DISABLE_PLUGINS": "1"])
        #expect(switchedOff.status == 1)
        #expect(switchedOff.standardError.contains("no report named 'county-counts'"))
    }

    @Test func ctrlCStopsAPluginCommandInTheReplAndTheSessionGoesOn() throws {
        let root = try Ducha.folder(with: [:])
        let workspace = root.appendingPathComponent("w")
        try expectSuccess(Ducha.run(["init", workspace.path, "--sample", "yiyang-2021"], in: root))
        let plugin = root.appendingPathComponent("spinner")
        try FileManager.default.createDirectory(
            at: plugin.appendingPathComponent("commands"), withIntermediateDirectories: true)
        try Data(
            "name = \"spinner\"\nversion = \"1.0.0\"\napi = \"^1.0\"\n[commands]\nspin = \"commands/spin.lua\"\n".utf8
        )
        .write(to: plugin.appendingPathComponent("plugin.toml"))
        try Data("while true do end\n".utf8).write(to: plugin.appendingPathComponent("commands/spin.lua"))
        let installed = try Ducha.run(["plugin", "install", plugin.path, "--allow-unsigned", "--yes"], in: workspace)
        try expectSuccess(installed)
        #expect(installed.standardError.contains("unsigned, because of --allow-unsigned"))

        let repl = try Ducha.run(["repl"], in: workspace, input: ":spin\n:plugins\n", interruptAfter: 1.5)
        #expect(repl.status == 1)
        #expect(repl.standardError.contains("interrupted"))
        #expect(repl.standardOutput.contains("spinner 1.0.0"))
        #expect(repl.seconds < 10)
    }

    @Test(arguments: ["common-formats", "taojiang-bulletin", "overdue-watch"])
    func firstPartyPluginsPassTheirSpecs(name: String) throws {
        let outcome = try Ducha.run(["plugin", "test", Self.firstParty.appendingPathComponent(name).path])
        try expectSuccess(outcome)
        #expect(outcome.standardOutput.contains(" passed, 0 failed"))
        #expect(!outcome.standardOutput.contains("\n0 passed"))
    }

    private func expectSuccess(_ outcome: Ducha.Outcome, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(
            outcome.status == 0, "\(outcome.standardOutput)\n\(outcome.standardError)", sourceLocation: sourceLocation)
    }
}

/// `python3 -m http.server` serving a folder on 127.0.0.1, for as long as a test needs it.
final class StaticServer {
    let url: String
    private let child: ChildProcess

    init(folder: URL) throws {
        let port = try Self.freePort()
        child = try ChildProcess(
            ["/usr/bin/python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", folder.path],
            capture: false)
        url = "http://127.0.0.1:\(port)"
        // Python starts in well under a second, but a machine busy compiling can take longer.
        let deadline = Date().addingTimeInterval(30)
        while !Self.accepts(port) {
            guard Date() < deadline else {
                stop()
                throw ChildProcess.Failure(description: "the test's HTTP server did not start on port \(port)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    func stop() {
        child.send(SIGTERM)
        _ = child.finish()
    }

    /// A port nothing listens on now: the kernel's pick for a socket bound to port 0.
    private static func freePort() throws -> UInt16 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw ChildProcess.Failure(description: "no free port on 127.0.0.1") }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func accepts(_ port: UInt16) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
