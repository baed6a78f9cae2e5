import AlternativeStages
import Foundation
import FunnelModel
import FunnelTestSupport
import PluginHost
import ShellEngine
import StageCatalog
import StageKit
import Testing

/// examples/lifecycle.funnel cut into its `# -- slot: NAME` sections, and the same script with one
/// section taken from examples/swaps/NAME.funnel: that file's lines before its own `# -- slot:` marker
/// open the script (`plugin add …`, `stage use …`), the lines after it replace the slot's section.
struct LifecycleScript {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The built-in script, as written.
    static func builtIn() throws -> String {
        try String(contentsOfFile: root + "/examples/lifecycle.funnel", encoding: .utf8)
    }

    /// The script with `slot`'s section swapped for examples/swaps/SLOT.funnel's; plugin paths in
    /// the swap file are relative to the repository.
    static func swapped(_ slot: String) throws -> String {
        let swap = try String(contentsOfFile: root + "/examples/swaps/\(slot).funnel", encoding: .utf8)
            .replacingOccurrences(of: " Plugins/examples/", with: " \(root)/Plugins/examples/")
        let marker = "# -- slot: \(slot)"
        let swapLines = swap.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let swapMarker = swapLines.firstIndex(of: marker) else { throw CommandError("examples/swaps/\(slot).funnel has no \(marker) line") }
        let prelude = swapLines[..<swapMarker].filter { !$0.hasPrefix("#") }
        let section = swapLines[(swapMarker + 1)...]
        var lines = try builtIn().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: marker) else { throw CommandError("examples/lifecycle.funnel has no \(marker) line") }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("# -- ") } ?? lines.count
        lines.replaceSubrange((start + 1)..<end, with: Array(section) + [""])
        return (Array(prelude) + lines).joined(separator: "\n")
    }
}

/// The swap promise, end to end: each well-known slot's alternative implementation runs in the
/// lifecycle in place of the built-in one, and what the later stages and the reports see is the same.
@Suite struct LifecycleSwapTests {
    /// What every implementation of every slot must leave behind for the rest of the lifecycle: the
    /// hand-offs, as the catalog commands and reports show them.
    static let handOffs = [
        "lead list | select id name status",
        "deal list | select id title stage status value",
        "need list D-1 | select description priority",
        "proposal list D-1 | select sku rank",
        "contract list | select id deal total status",
        "invoice list | select id kind amount status",
        "report aging | select customer current total",
        "ticket list | select id status",
        "revisit list | select customer done",
        "customer health C-1",
        "report funnel",
    ]

    func run(_ script: String) throws -> (shell: TestShell, handOffs: [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-swap-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let shell = try TestShell(stages: StageCatalog.builtIn + AlternativeStages.all)
        shell.plugins = PluginList(file: folder + "/plugins.json")
        _ = try shell.run(script, name: "lifecycle.funnel")
        var seen: [String: String] = [:]
        for probe in Self.handOffs { seen[probe] = try shell.run(probe) }
        return (shell, seen)
    }

    @Test func theBuiltInLifecycleLeavesEveryHandOff() throws {
        let (_, seen) = try run(try LifecycleScript.builtIn())
        #expect(seen["deal list | select id title stage status value"]?.contains("won") == true)
        for probe in Self.handOffs { #expect(seen[probe]?.isEmpty == false, "\(probe)") }
    }

    @Test(arguments: ["capture", "screen", "discover", "recommend", "negotiate", "sign", "payment", "service", "revisit"])
    func eachSlotSwappedLeavesTheSameHandOffs(slot: String) throws {
        guard FileManager.default.fileExists(atPath: LifecycleScript.root + "/examples/swaps/\(slot).funnel") else {
            Issue.record("examples/swaps/\(slot).funnel is missing")
            return
        }
        let (_, expected) = try run(try LifecycleScript.builtIn())
        let (shell, seen) = try run(try LifecycleScript.swapped(slot))
        // The swapped slot was the one that worked: its implementation journaled the slot's events.
        let implementations = try shell.query("SELECT DISTINCT implementation FROM events WHERE implementation IS NOT NULL").compactMap { $0.text("implementation") }
        #expect(implementations.contains { !StageCatalog.builtIn.map(\.descriptor.implementation).contains($0) }, "\(implementations)")
        for probe in Self.handOffs {
            #expect(seen[probe] == expected[probe], "\(slot): \(probe)")
        }
    }
}
