import Foundation
import Testing

/// Plugins across processes: `plugin add` records the signatures, later start-ups register the stages
/// without launching the plugin, and the plugin starts when one of its commands runs.
@Suite struct PluginStartupTests {
    static let example = FunnelProcess.repositoryRoot.appendingPathComponent("Plugins/examples/python-screen/budget_screen.py").path

    @Test func startUpRegistersRecordedPluginsWithoutLaunchingThem() throws {
        let funnel = FunnelProcess()
        let marker = funnel.directory.appendingPathComponent("launched").path
        let wrapper = funnel.directory.appendingPathComponent("screen-plugin").path
        try Data("#!/bin/sh\ntouch '\(marker)'\nexec python3 '\(Self.example)'\n".utf8).write(to: URL(fileURLWithPath: wrapper))
        chmod(wrapper, 0o755)
        let added = try funnel.run(["-c", "plugin add \(wrapper)"])
        #expect(added.status == 0, "\(added.stderr)")
        try FileManager.default.removeItem(atPath: marker)

        let listed = try funnel.run(["-c", "stage list | where implementation == budget-first | count"])
        #expect(listed.stdout == "1\n")
        #expect(!FileManager.default.fileExists(atPath: marker), "start-up launched the plugin")

        let screened = try funnel.run(["-c", "lead add Acme --budget 200000 --authority yes; stage use screen budget-first; lead screen L-1 | get verdict"])
        #expect(screened.status == 0, "\(screened.stderr)")
        #expect(screened.stdout.hasSuffix("qualified\n"))
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    /// A plugin still running when funnel exits is told goodbye, as docs/plugin-protocol.md says.
    @Test func aRunningPluginIsToldGoodbyeWhenFunnelExits() throws {
        let funnel = FunnelProcess()
        let marker = funnel.directory.appendingPathComponent("goodbye").path
        let plugin = funnel.directory.appendingPathComponent("polite.py").path
        let script = """
            #!/usr/bin/env python3
            import json, sys
            def send(m): sys.stdout.write(json.dumps(m) + "\\n"); sys.stdout.flush()
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] == "hello":
                    send({"type": "hello", "protocol": "1.0", "name": "polite", "version": "1",
                          "stages": [{"slot": "screen", "implementation": "polite", "commands": [{"name": "lead screen", "kind": "screen"}]}]})
                elif m["type"] == "call":
                    send({"type": "records", "id": m["id"], "records": [{"id": r["id"], "score": 1, "verdict": "qualified"} for r in m["records"]]})
                    send({"type": "done", "id": m["id"]})
                elif m["type"] == "goodbye":
                    open("\(marker)", "w").write("bye")
                    break

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: plugin))
        chmod(plugin, 0o755)
        #expect(try funnel.run(["-c", "plugin add \(plugin)"]).status == 0)
        let screened = try funnel.run(["-c", "lead add Acme; stage use screen polite; lead screen L-1 | get verdict"])
        #expect(screened.stdout.hasSuffix("qualified\n"), "\(screened.stderr)")
        #expect((try? String(contentsOfFile: marker, encoding: .utf8)) == "bye")
    }

    @Test func aDamagedPluginListIsAWarningNotAFailure() throws {
        let funnel = FunnelProcess()
        let list = funnel.directory.appendingPathComponent(".local/share/funnel")
        try FileManager.default.createDirectory(at: list, withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: list.appendingPathComponent("plugins.json"))
        let result = try funnel.run(["-c", "lead list | count"])
        #expect(result.status == 0)
        #expect(result.stdout == "0\n")
        #expect(result.stderr.contains("plugins.json is not a plugin list Funnel wrote"))
    }
}
