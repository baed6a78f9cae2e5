#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import PluginHost
import ShellEngine
import StageKit

/// `plugin remove NAME`: forgets an out-of-process plugin; its stages go at the next start.
enum PluginRemoveCommand {
    static func make(_ plugins: PluginShell) -> EngineCommand {
        EngineCommand(CommandSignature(
            "plugin remove",
            summary: "Forget a plugin; its stages are gone the next time funnel starts.",
            positionals: [Positional("name", .word, "The plugin's name, as plugin list shows it.")],
            output: .nothing, impact: .low,
            examples: [Example("plugin list", "Then: plugin remove budget-screen")])) { [plugins] invocation, call in
            let name = invocation.string("name") ?? ""
            if let loaded = plugins.sharedObjects.first(where: { $0.name == name }) {
                throw CommandError("\(name) is an in-process plugin, loaded from \(loaded.path) until funnel exits", argument: "name",
                                   hint: "to stop loading it at start-up, delete it from the plugins directory (or the plugin load line)")
            }
            guard let list = plugins.list else { throw CommandError("this session keeps no plugin list") }
            let recorded = try plugins.recorded()
            guard recorded.contains(where: { $0.name == name }) else {
                throw CommandError("no plugin \(name)", argument: "name",
                                   hint: recorded.isEmpty ? "no plugin is added" : "plugins: " + recorded.map(\.name).joined(separator: ", "))
            }
            if invocation.isDryRun {
                call.output.line("would remove plugin \(name)")
                return .null
            }
            do { try list.save(recorded.filter { $0.name != name }) } catch let failure as PluginFailure { throw CommandError(failure.message) }
            call.output.line("removed plugin \(name); its stages stay until funnel restarts")
            return .null
        }
    }
}
