import Foundation
import FunnelTestSupport
import PluginHost
import ShellEngine
import StageKit
import Testing

/// Out-of-process plugins, really started: the Python example, and plugins that crash, hang, write
/// garbage or answer wrongly — none of which may take the shell down or change anything.
@Suite struct PluginTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Plugins/examples/python-screen/budget_screen.py").path

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-plugins-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A shell with a plugin list of its own and two leads.
    func shell(in folder: String) throws -> TestShell {
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        _ = try shell.run("lead add Acme --budget 200000 --authority yes --need 2; lead add Tiny --budget 100")
        return shell
    }

    static let scriptedStages = """
        [{"slot": "screen", "implementation": "scripted", "follows": "capture",
          "commands": [{"name": "lead screen", "kind": "screen"}]}]
        """

    /// A Python plugin offering `stages` (by default `screen` implementation `scripted`), whose call
    /// handler is `body` (Python, with `message` the call and `send` to answer).
    func plugin(in folder: String, protocolVersion: String = "1.0", name: String = "scripted", version: String = "0.1",
                stages: String = scriptedStages, body: String) throws -> String {
        let path = folder + "/plugin-\(UUID().uuidString.prefix(8)).py"
        let stagesLine = stages.split(separator: "\n").joined(separator: " ")
        let script = """
            #!/usr/bin/env python3
            import json, sys, time
            def send(m):
                sys.stdout.write(json.dumps(m) + "\\n"); sys.stdout.flush()
            for line in sys.stdin:
                message = json.loads(line)
                if message["type"] == "hello":
                    send({"type": "hello", "protocol": "\(protocolVersion)", "name": "\(name)", "version": "\(version)",
                          "stages": \(stagesLine)})
                elif message["type"] == "call":
            \(body.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"))
                elif message["type"] == "goodbye":
                    break

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }

    func statuses(_ shell: TestShell) throws -> [String] {
        try shell.query("SELECT status FROM leads ORDER BY id").map { $0.text("status") ?? "" }
    }

    @Test func thePythonExampleScreensLeadsLikeABuiltInImplementation() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let added = try shell.run("plugin add \(Self.example)")
        #expect(added.hasPrefix("added plugin budget-screen 1.0.0; select it with: stage use screen budget-first"))
        let listed = try shell.rows("plugin list")
        #expect(listed.first?["path"]?.plainText == Self.example)
        #expect(listed.first?["provides"]?.plainText == "screen budget-first")
        #expect(listed.first?["protocol"]?.plainText == "1.0")
        _ = try shell.run("stage use screen budget-first")
        let rows = try shell.rows("lead list | lead screen")
        #expect(rows.map { $0["score"]?.plainText ?? "" } == ["95", "0"])
        #expect(rows.map { $0["verdict"]?.plainText ?? "" } == ["qualified", "disqualified"])
        #expect(try statuses(shell) == ["qualified", "disqualified"])
        let journal = try shell.rows("journal list --type lead.screened")
        #expect(journal.map { $0["implementation"]?.plainText ?? "" } == ["budget-first", "budget-first"])
        let run = try #require(try shell.rows("journal list --type screen.ran").first)
        #expect(run["details"]?.plainText.contains("\"plugin\":\"budget-screen 1.0.0\"") == true)
        // The signatures were recorded: a new session registers the stage without starting the plugin.
        let recorded = try PluginList(file: folder + "/plugins.json").load()
        #expect(recorded.map(\.name) == ["budget-screen"])
        #expect(shell.failure(of: "plugin add \(Self.example)")?.description.contains("is already added") == true)
    }

    @Test func aPluginThatCrashesHangsOrWritesGarbageChangesNothing() throws {
        let folder = try folder()
        let cases: [(String, String)] = [
            ("sys.exit(3)", "exited with status 3 in the middle of the conversation"),
            ("print('hello world'); sys.stdout.flush()", "wrote \"hello world\", which is not JSON"),
            ("sys.stdout.buffer.write(b'{\"type\": \"caf\\xe9\"}\\n'); sys.stdout.flush()",
             "wrote a line that is not UTF-8 text (column 14: invalid UTF-8 (byte 0xE9)"),
            ("time.sleep(30)", "did not answer within 1 s"),
            ("send({'type': 'records', 'id': message['id'], 'records': [{'id': r['id'], 'score': 1, 'verdict': 'maybe'} for r in message['records']]}); send({'type': 'done', 'id': message['id']})",
             "gave L-1 the verdict maybe, not qualified or disqualified"),
            ("send({'type': 'records', 'id': message['id'], 'records': [{'id': 'L-1', 'score': 1, 'verdict': 'qualified'}]}); send({'type': 'done', 'id': message['id']})",
             "did not answer for L-2"),
            ("send({'type': 'error', 'id': message['id'], 'message': 'model file missing'})", "model file missing"),
        ]
        for (body, expected) in cases {
            let shell = try shell(in: folder + "/" + UUID().uuidString)
            let path = try plugin(in: folder, body: body)
            _ = try shell.run("plugin add \(path); stage use screen scripted; config set plugin.timeout 1")
            let failure = try #require(shell.failure(of: "lead list | lead screen"), "\(body)")
            #expect(failure.description.contains(expected), "\(failure.description)")
            #expect(failure.description.contains("nothing was changed"))
            #expect(try statuses(shell) == ["new", "new"])
            #expect(try shell.run("journal list --type lead.screened | count") == "0\n")
            // The shell is still there and works.
            #expect(try shell.run("lead list | count") == "2\n")
        }
    }

    @Test func afterACrashTheNextCallStartsTheProcessAgain() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let path = try plugin(in: folder, body: """
            if any(r["name"] == "Boom" for r in message["records"]): sys.exit(1)
            send({"type": "records", "id": message["id"], "records": [{"id": r["id"], "score": 70, "verdict": "qualified", "why": "ok"} for r in message["records"]]})
            send({"type": "done", "id": message["id"]})
            """)
        _ = try shell.run("plugin add \(path); stage use screen scripted; lead add Boom")
        #expect(shell.failure(of: "lead screen L-3") != nil)
        #expect(try shell.rows("lead screen L-1").first?["verdict"]?.plainText == "qualified")
    }

    /// A plugin that cannot start when a command starts it ahead (while the leads are read) fails that
    /// command, with the reason and nothing changed; the next command starts it afresh.
    @Test func aPluginThatCannotStartFailsTheCommandThatNeededIt() throws {
        let folder = try folder()
        let copy = folder + "/budget_screen.py"
        try FileManager.default.copyItem(atPath: Self.example, toPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy)
        let shell = try shell(in: folder)
        _ = try shell.run("plugin add \(copy); stage use screen budget-first")
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: copy)
        let failure = shell.failure(of: "lead list | lead screen")
        #expect(failure?.description.contains("anyone may write to it") == true)
        #expect(failure?.description.contains("nothing was changed") == true)
        #expect(try statuses(shell) == ["new", "new"])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy)
        #expect(try shell.rows("lead list | lead screen").map { $0["verdict"]?.plainText ?? "" } == ["qualified", "disqualified"])
        #expect(try statuses(shell) == ["qualified", "disqualified"])
    }

    @Test func versionsAreNegotiatedAndUnsafeFilesRefused() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let newer = try plugin(in: folder, protocolVersion: "1.7", body: "pass")
        #expect(try shell.rows("plugin add \(newer) --dry-run").first?["protocol"]?.plainText == "1.1")
        let other = try plugin(in: folder, protocolVersion: "2.0", body: "pass")
        #expect(shell.failure(of: "plugin add \(other)")?.description.contains("speaks protocol 2.0; Funnel speaks 1.1") == true)
        chmod(newer, 0o757)
        #expect(shell.failure(of: "plugin add \(newer)")?.description.contains("anyone may write to it") == true)
        #expect(shell.failure(of: "plugin add \(folder)/missing.py")?.description.contains("No such file") == true)
        #expect(try shell.rows("plugin list").isEmpty)
    }

    /// What a screen plugin receives is what docs/plugin-protocol.md lists: a lead's fields and their
    /// JSON types, and `arguments`.
    @Test func aScreenPluginGetsTheDocumentedLeadFields() throws {
        let folder = try folder()
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        let dump = folder + "/calls.json"
        let path = try plugin(in: folder, body: """
            open("\(dump)", "a").write(json.dumps(message) + "\\n")
            send({"type": "records", "id": message["id"], "records": [{"id": r["id"], "score": 1, "verdict": "qualified"} for r in message["records"]]})
            send({"type": "done", "id": message["id"]})
            """)
        try Data("name,budget\nImported,100\n".utf8).write(to: URL(fileURLWithPath: folder + "/in.csv"))
        _ = try shell.run("lead add Typed --budget 50000 --authority yes --need 3 --timeline 30 --email t@typed.example; lead import \(folder)/in.csv")
        _ = try shell.run("plugin add \(path); stage use screen scripted; lead list | lead screen")
        let call = try JSONSerialization.jsonObject(with: Data(try String(contentsOfFile: dump, encoding: .utf8).utf8)) as? [String: Any]
        #expect(call?["arguments"] as? [String: Bool] == ["summary": false])
        let records = try #require(call?["records"] as? [[String: Any]])
        let documented = ["id", "name", "company", "source", "campaign", "owner", "region", "industry", "email", "phone", "tags",
                          "budget", "authority", "need", "timeline", "frequency", "status", "score", "created"]
        #expect(Set(records[0].keys) == Set(documented))
        #expect(records[0]["budget"] as? [String: String] == ["amount": "50000.00", "currency": "CNY"])
        #expect(records[0]["authority"] as? Bool == true)
        #expect(records[0]["need"] as? Int == 3)
        #expect(records[0]["company"] is NSNull)
        // The test clock stands at midnight, so the moment reads as the day; the file gave no day, so
        // the imported lead's is unknown: null, never the day of the import.
        #expect(records.map { $0["created"] as? String } == ["2026-01-31", nil])
        #expect(records[1]["created"] is NSNull)
    }

    /// `plugin add --dry-run` refuses what `plugin add` refuses, and a refused plugin leaves none of its
    /// stages registered.
    @Test func aDryRunAddRefusesWhatTheRealAddRefuses() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let clashing = try plugin(in: folder, stages: """
            [{"slot": "trial", "implementation": "pilot", "follows": "recommend", "commands": [{"name": "trial plan", "kind": "table"}]},
             {"slot": "audit", "implementation": "books", "follows": "trial", "commands": [{"name": "product list", "kind": "table"}]}]
            """, body: "pass")
        let dry = try #require(shell.failure(of: "plugin add \(clashing) --dry-run"))
        let real = try #require(shell.failure(of: "plugin add \(clashing)"))
        #expect(dry.description.contains("cannot register the plugin's stages"), "\(dry.description)")
        #expect(dry.description.contains("product list"), "\(dry.description)")
        #expect(real.description.contains("cannot register the plugin's stages"))
        #expect(!(try shell.rows("stage list").contains { $0["slot"]?.plainText == "trial" }))
        #expect(try shell.rows("plugin list").isEmpty)
        let wrongOrder = try plugin(in: folder, stages: """
            [{"slot": "screen", "implementation": "late", "follows": "negotiate", "commands": [{"name": "lead screen", "kind": "screen"}]}]
            """, body: "pass")
        #expect(shell.failure(of: "plugin add \(wrongOrder) --dry-run")?.description.contains("follows a different slot") == true)
    }

    @Test func aTeamsOwnStageBetweenTwoBuiltInSlotsIsInTheFunnel() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let path = try plugin(in: folder, name: "trials", version: "0.3", stages: """
            [{"slot": "trial", "implementation": "pilot", "follows": "recommend", "summary": "A paid pilot before negotiation.",
              "commands": [{"name": "trial plan", "kind": "table", "summary": "Plan a pilot for the deals piped in."}]}]
            """, body: """
            send({"type": "records", "id": message["id"], "records": [{"deal": r.get("id"), "weeks": 4} for r in message["records"]]})
            send({"type": "done", "id": message["id"]})
            """)
        _ = try shell.run("plugin add \(path)")
        #expect(try shell.rows("stage list").map { $0["slot"]?.plainText ?? "" }.filter { ["recommend", "trial", "negotiate"].contains($0) }
            == ["recommend", "trial", "negotiate"])
        // On its way to the pilot the deal passes recommend's gate too: a product must be recommended.
        _ = try shell.run("lead qualify L-1 --force; need add D-1 reporting; deal edit D-1 --budget-confirmed yes")
        _ = try shell.run("product add GT-1 Reports --price 40000 --addresses reporting; deal recommend D-1; deal advance D-1 --to trial")
        #expect(try shell.rows("deal list | trial plan").first?["weeks"]?.plainText == "4")
        let funnel = try shell.rows("report funnel")
        #expect(funnel.map { $0["stage"]?.plainText ?? "" } == ["capture", "screen", "discover", "recommend", "trial", "negotiate", "sign", "won"])
        #expect(funnel.map { $0["count"]?.plainText ?? "" } == ["2", "1", "1", "1", "1", "0", "0", "0"])
        #expect(try shell.rows("report stages").map { $0["stage"]?.plainText ?? "" } == ["discover", "trial"])
    }

    /// The Swift example is a separate package: built here with `swift build`, then added like any plugin.
    @Test func theSwiftExampleBuildsAndScreens() throws {
        let folder = try folder()
        let package = URL(fileURLWithPath: Self.example).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("swift-screen").path
        let scratch = folder + "/build"
        try #require(try SwiftBuild.run(package: package, scratch: scratch), "swift build of \(package) failed")
        let shell = try shell(in: folder)
        _ = try shell.run("plugin add \(scratch)/debug/swift-screen; stage use screen need-first")
        _ = try shell.run("lead add Urgent --need 3 --authority yes --timeline 30")
        let rows = try shell.rows("lead list | lead screen")
        // Acme: need 2 (40) and authority (20); Tiny: nothing; Urgent: 60 + 20 + 20.
        #expect(rows.map { $0["score"]?.plainText ?? "" } == ["60", "0", "100"])
        #expect(rows.map { $0["verdict"]?.plainText ?? "" } == ["qualified", "disqualified", "qualified"])
        #expect(try statuses(shell) == ["qualified", "disqualified", "qualified"])
        #expect(try shell.rows("plugin list").first?["provides"]?.plainText == "screen need-first")
    }
}
