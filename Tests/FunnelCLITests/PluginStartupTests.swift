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
