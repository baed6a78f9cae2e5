import Foundation
import FunnelTestSupport
import PluginHost
import ShellEngine
import StageKit
import Testing

/// Plugins that stop taking part in the conversation after the handshake, over thousands of leads:
/// each call ends within the timeout (or at Ctrl-C), the plugin is gone afterwards, the shell still
/// works and nothing changed.
@Suite struct MisbehavingPluginTests {
    /// A screen plugin that answers the hello, then behaves as `afterHello` (Python) says; it writes
    /// its process id to `pidFile` first.
    func plugin(in folder: String, afterHello: String) throws -> (path: String, pidFile: String) {
        let path = folder + "/plugin-\(UUID().uuidString.prefix(8)).py"
        let pidFile = path + ".pid"
        let script = """
            #!/usr/bin/env python3
            import json, os, signal, sys, time
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            open("\(pidFile)", "w").write(str(os.getpid()))
            sys.stdin.readline()
            sys.stdout.write(json.dumps({"type": "hello", "protocol": "1.0", "name": "stuck", "version": "1",
                "stages": [{"slot": "screen", "implementation": "stuck", "follows": "capture",
                            "commands": [{"name": "lead screen", "kind": "screen"}]}]}) + "\\n")
            sys.stdout.flush()
            \(afterHello)

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return (path, pidFile)
    }

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-stuck-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A shell with its own plugin list and 5,000 new leads.
    func shell(in folder: String) throws -> TestShell {
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        let csv = folder + "/leads.csv"
        try Data(("name,budget\n" + (1...5000).map { "Lead \($0),\($0 * 10)\n" }.joined()).utf8).write(to: URL(fileURLWithPath: csv))
        _ = try shell.run("lead import \(csv)")
        return shell
    }

    func unchanged(_ shell: TestShell) throws {
        #expect(try shell.query("SELECT count(*) AS n FROM leads WHERE status <> 'new'").first?.integer("n") == 0)
        #expect(try shell.query("SELECT count(*) AS n FROM decisions").first?.integer("n") == 0)
        #expect(try shell.run("journal list --type screen.ran | count") == "0\n")
        #expect(try shell.run("lead list | count") == "5000\n")
    }

    /// Whether the process whose id the plugin wrote still exists (a zombie counts as gone).
    func isAlive(pidFile: String) -> Bool {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = Int32(text) else { return false }
        guard kill(pid, 0) == 0 else { return false }
        let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !status.contains(") Z ")
    }

    @Test(arguments: [
        ("time.sleep(60)", "did not read its input within 1 s"),
        ("for line in sys.stdin: pass\ntime.sleep(60)", "did not answer within 1 s"),
        ("sys.stdout.close(); os.close(1)\ntime.sleep(60)", "closed its output"),
        ("sys.stdin.readline(); time.sleep(60)", "within 1 s"),
    ])
    func aPluginThatStopsTakingPartFailsWithinTheTimeout(afterHello: String, expected: String) throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let plugin = try plugin(in: folder, afterHello: afterHello)
        _ = try shell.run("plugin add \(plugin.path); stage use screen stuck; config set plugin.timeout 1")
        let started = Date()
        let failure = try #require(shell.failure(of: "lead list | lead screen"))
        let took = Date().timeIntervalSince(started)
        #expect(failure.description.contains(expected), "\(failure.description)")
        #expect(failure.description.contains("nothing was changed"))
        // The timeout, the plugin's grace after goodbye, and the reading of 5,000 leads, with room for a
        // busy machine: without the fix these calls never return.
        #expect(took < 8, "took \(took) s")
        #expect(!isAlive(pidFile: plugin.pidFile), "the plugin is still running")
        try unchanged(shell)
    }

    /// Ctrl-C (the session's cancellation) ends a call to a plugin that neither reads nor answers,
    /// long before its timeout.
    @Test func ctrlCCancelsAPluginCallAtAnyPoint() throws {
        for afterHello in ["time.sleep(60)", "for line in sys.stdin: pass\ntime.sleep(60)"] {
            let folder = try folder()
            let shell = try shell(in: folder)
            let plugin = try plugin(in: folder, afterHello: afterHello)
            _ = try shell.run("plugin add \(plugin.path); stage use screen stuck; config set plugin.timeout 60")
            let cancellation = shell.session.cancellation
            DispatchQueue.global().asyncAfter(deadline: .now() + 1) { cancellation.cancel() }
            let started = Date()
            let failure = try #require(shell.failure(of: "lead list | lead screen"))
            let took = Date().timeIntervalSince(started)
            #expect(failure.kind == .cancelled, "\(failure.description)")
            #expect(took < 6, "took \(took) s")
            #expect(!isAlive(pidFile: plugin.pidFile), "the plugin is still running")
            try unchanged(shell)
        }
    }

    /// Ctrl-C ends a handshake that never gets its answer: the plugin answered `plugin add`'s hello,
    /// and hangs before the hello of the call that starts it again.
    @Test func ctrlCCancelsAHangingHandshake() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let marker = folder + "/greeted-once"
        let path = folder + "/slow-hello.py"
        let script = """
            #!/usr/bin/env python3
            import json, os, signal, sys, time
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            if os.path.exists("\(marker)"): time.sleep(60)
            open("\(marker)", "w").write("")
            sys.stdin.readline()
            print(json.dumps({"type": "hello", "protocol": "1.0", "name": "slow", "version": "1",
                "stages": [{"slot": "screen", "implementation": "slow", "follows": "capture",
                            "commands": [{"name": "lead screen", "kind": "screen"}]}]}), flush=True)

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        _ = try shell.run("plugin add \(path); stage use screen slow; config set plugin.timeout 60")
        for command in ["lead list | lead screen", "lead screen L-1"] {
            let cancellation = shell.session.cancellation
            DispatchQueue.global().asyncAfter(deadline: .now() + 1) { cancellation.cancel() }
            let started = Date()
            let failure = try #require(shell.failure(of: command))
            #expect(failure.kind == .cancelled, "\(command): \(failure.description)")
            #expect(Date().timeIntervalSince(started) < 6, "\(command)")
            try unchanged(shell)
        }
    }

    /// A screening's reason longer than 64 KiB is kept cut, with a note.
    @Test func aPluginsLongTextIsCutTo64KiB() throws {
        let folder = try folder()
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        _ = try shell.run("lead add Acme")
        let plugin = try plugin(in: folder, afterHello: """
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] != "call": break
                sys.stdout.write(json.dumps({"type": "records", "id": m["id"], "records": [{"id": r["id"], "score": 1, "verdict": "qualified", "why": "é" * 300000} for r in m["records"]]}) + "\\n")
                sys.stdout.write(json.dumps({"type": "done", "id": m["id"]}) + "\\n"); sys.stdout.flush()
            """)
        _ = try shell.run("plugin add \(plugin.path); stage use screen stuck")
        let why = try #require(try shell.rows("lead screen L-1").first?["why"]?.plainText)
        #expect(why.utf8.count <= 64 << 10)
        #expect(why.hasSuffix("[cut: the plugin wrote 600000 bytes; Funnel keeps 65536]"))
        #expect(why.hasPrefix("éééé"))
        let reasons = try #require(try shell.query("SELECT r.text FROM decisions d JOIN decision_reasons r ON r.id = d.reason").first?.text("text"))
        #expect(reasons == why)
    }

    /// A plugin its group may write to is refused, like one anyone may write to.
    @Test func aGroupWritablePluginIsRefused() throws {
        let folder = try folder()
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        let plugin = try plugin(in: folder, afterHello: "time.sleep(60)")
        chmod(plugin.path, 0o775)
        #expect(shell.failure(of: "plugin add \(plugin.path)")?.description.contains("its group may write to it (chmod g-w") == true)
    }
}
