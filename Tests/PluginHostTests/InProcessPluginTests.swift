import Foundation
import FunnelTestSupport
import PluginHost
import ShellEngine
import StageKit
import Testing

/// In-process plugins, the way docs/writing-a-stage.md tells a team to make one: `scripts/new-plugin`,
/// `swift build`, then `plugin load` in a session or the plugins directory at start-up.
@Suite struct InProcessPluginTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-so-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs the funnel executable with its data directory in `folder`; returns standard output and error.
    func funnel(_ script: String, data: String, database: String) throws -> (out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["FUNNEL_BIN"].flatMap { $0.isEmpty ? nil : $0 }
                                    ?? Self.root.appendingPathComponent(".build/debug/funnel").path)
        process.arguments = ["--db", database, "--no-init", "--now", "2026-01-31", "-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = data
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    @Test func aNewPluginBuildsLoadsAndReplacesAStage() throws {
        let folder = try folder()
        let package = folder + "/trial-screen"
        try #require(try SwiftBuild.run([Self.root.appendingPathComponent("scripts/new-plugin").path, "trial-screen", package]) == 0)
        try #require(try SwiftBuild.run(package: package, scratch: folder + "/build"), "swift build of the new plugin failed")
        let library = folder + "/build/debug/libTrialScreen.so"

        // Its tables cannot be made inside an open transaction: refused, and nothing is registered.
        let waiting = try TestShell()
        _ = try waiting.run("transaction begin")
        #expect(waiting.failure(of: "plugin load \(library)")?.description.contains("inside an open transaction") == true)
        #expect(waiting.failure(of: "stage use screen trial-screen") != nil)

        // In a session: load, select, use; the journal names the implementation.
        let shell = try TestShell()
        let loaded = try shell.rows("plugin load \(library)")
        #expect(loaded.map { $0["implementation"]?.plainText ?? "" } == ["trial-screen"])
        _ = try shell.run("stage use screen trial-screen; lead add Acme --budget 50000; lead add Tiny --budget 100")
        #expect(try shell.rows("lead screen L-1").first?["verdict"]?.plainText == "qualified")
        // The template's screener scores too: the budget as a share of the minimum, at most 100.
        #expect(try shell.rows("lead screen L-2 --dry-run").first?["score"]?.plainText == "1")
        #expect(try shell.query("SELECT score FROM leads ORDER BY id").map { $0.integer("score") } == [100, nil])
        // Its declared setting is checked when set, like a built-in stage's.
        #expect(shell.failure(of: "config set screen.trial-screen.minimum lots")?.description.contains("\"lots\" is not an amount") == true)
        #expect(shell.failure(of: "config set screen.trial-screen.minimun 50")?.description.contains("did you mean screen.trial-screen.minimum?") == true)
        _ = try shell.run("config set screen.trial-screen.minimum 50")
        #expect(try shell.rows("lead list | where budget < 1000 | lead screen").map { $0["verdict"]?.plainText ?? "" } == ["qualified"])
        #expect(try shell.query("SELECT implementation FROM events WHERE type = 'lead.screened'").map { $0.text("implementation") ?? "" }
            == ["trial-screen", "trial-screen"])
        // The plugin's own table was created when it loaded.
        #expect(try shell.query("SELECT verdict FROM trial_screen_log ORDER BY lead_id").map { $0.text("verdict") ?? "" } == ["qualified", "qualified"])
        let listed = try shell.rows("plugin list")
        #expect(listed.map { "\($0["name"]?.plainText ?? "") \($0["kind"]?.plainText ?? "") \($0["provides"]?.plainText ?? "")" }
            == ["trial-screen in-process screen trial-screen"])
        #expect(shell.failure(of: "plugin load \(library)")?.description.contains("is already loaded") == true)
        #expect(shell.failure(of: "plugin remove trial-screen")?.description.contains("in-process plugin") == true)

        // A script that opens with plugin load may call the plugin's own commands further down (the
        // loads run first, as a prelude); an unknown command anywhere else still stops the script
        // before anything of it runs.
        let script = try TestShell()
        let out = try script.run("plugin load \(library)\nstage use screen trial-screen\nlead add Acme --budget 50000\n"
                                 + "lead screen L-1 | get verdict\ntrial-screen log | count\n")
        #expect(out.hasSuffix("qualified\n1\n"), "\(out)")
        let stopped = try TestShell()
        #expect(stopped.failure(of: "plugin load \(library)\nlead add Early\nno-such-command\n")?.description.contains("no-such-command") == true)
        #expect(try stopped.run("lead list | count") == "0\n")

        // Replayed over decisions the built-in scorer made, before anyone switches to it.
        let replay = try TestShell()
        _ = try replay.run("plugin load \(library); lead add Acme --budget 50000 --authority yes --need 3 --timeline 30; "
                           + "lead add Tiny --budget 100 --authority yes --need 3 --timeline 30; lead list | lead screen")
        let replayed = try replay.rows("review replay screen trial-screen")
        #expect(replayed.map { "\($0["happened"]?.plainText ?? "") \($0["would"]?.plainText ?? "")" } == ["qualified qualified", "qualified disqualified"])

        // At start-up, from the plugins directory; a world-writable one is skipped and the shell starts.
        let data = folder + "/data"
        try FileManager.default.createDirectory(atPath: data + "/funnel/plugins", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: library, toPath: data + "/funnel/plugins/libTrialScreen.so")
        // (Screening writes to the plugin's table, so it also shows the start-up migrations created it.)
        let started = try funnel("stage use screen trial-screen; lead add Beta --budget 20000; lead screen L-1 | get verdict",
                                 data: data, database: folder + "/a.db")
        #expect(started.out.hasSuffix("qualified\n"))
        #expect(!started.err.contains("skipped"))
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: data + "/funnel/plugins/libTrialScreen.so")
        let refused = try funnel("stage list | where slot == screen | count", data: data, database: folder + "/b.db")
        #expect(refused.out == "3\n")
        #expect(refused.err.contains("anyone may write to it"))
        // A file of another user's is refused too (root can hand it to one; others skip this part).
        if getuid() == 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: data + "/funnel/plugins/libTrialScreen.so")
            #expect(chown(data + "/funnel/plugins/libTrialScreen.so", 65534, 65534) == 0)
            let foreign = try funnel("stage list | where slot == screen | count", data: data, database: folder + "/c.db")
            #expect(foreign.out == "3\n")
            #expect(foreign.err.contains("belongs to another user"))
        }
    }

    /// Shared objects that are not plugins for this funnel are refused with the reason, before any of
    /// their code runs as a stage, and the registry is left as it was.
    @Test func mismatchedAndForeignObjectsAreRefused() throws {
        let folder = try folder()
        func compile(_ name: String, _ source: String) throws -> String {
            try source.write(toFile: "\(folder)/\(name).c", atomically: true, encoding: .utf8)
            try #require(try SwiftBuild.run(["clang", "-shared", "-fPIC", "-o", "\(folder)/\(name).so", "\(folder)/\(name).c"]) == 0)
            return "\(folder)/\(name).so"
        }
        let older = try compile("older", "int funnel_stagekit_interface(void) { return 99; }\n")
        let foreign = try compile("foreign", "int something(void) { return 1; }\n")
        try "not a shared object".write(toFile: "\(folder)/junk.so", atomically: true, encoding: .utf8)
        let shell = try TestShell()
        let slots = try shell.rows("stage list").count
        #expect(shell.failure(of: "plugin load \(older)")?.description.contains("built against StageKit interface 99 and this funnel has 1") == true)
        #expect(shell.failure(of: "plugin load \(foreign)")?.description.contains("is not a funnel plugin") == true)
        #expect(shell.failure(of: "plugin load \(folder)/junk.so")?.description.contains("cannot load") == true)
        #expect(shell.failure(of: "plugin load \(folder)/missing.so")?.description.contains("No such file") == true)
        #expect(try shell.rows("stage list").count == slots)
        #expect(try shell.rows("plugin list").isEmpty)
    }
}
