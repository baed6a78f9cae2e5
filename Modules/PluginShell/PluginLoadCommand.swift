#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import PluginHost
import ShellEngine
import StageHost
import StageKit

/// `plugin load FILE`: an in-process plugin (a shared object built against StageKit), for this session.
enum PluginLoadCommand {
    static func make(_ plugins: PluginShell) -> EngineCommand {
        EngineCommand(CommandSignature(
            "plugin load",
            summary: "Load an in-process plugin (a shared object built against StageKit) and register its stages for this session.",
            positionals: [Positional("file", .file, "The plugin's shared object (lib<Name>.so).")],
            output: .table, impact: .low,
            examples: [Example("plugin list", "Then: plugin load ./.build/release/libTrial.so. To load it at every start, copy it into "
                               + "~/.local/share/funnel/plugins/.")])) { [plugins] invocation, call in
            let given = invocation.string("file") ?? ""
            let path = PluginShell.absolute(given)
            if let loaded = plugins.sharedObjects.first(where: { $0.path == path }) {
                throw CommandError("\(given) is already loaded (plugin \(loaded.name) \(loaded.version))", argument: "file")
            }
            let plugin: SharedObjectPlugin
            do { plugin = try SharedObjectPlugin.load(path) } catch let failure as PluginFailure {
                throw CommandError(failure.message, argument: "file")
            }
            if !plugin.stages.flatMap(\.migrations).isEmpty, plugins.table.isInExplicitTransaction {
                throw CommandError("\(plugin.name) adds tables, which cannot happen inside an open transaction", argument: "file",
                                   hint: "transaction commit (or rollback) first, then load it")
            }
            do { try plugins.table.registry.register(plugin.stages) } catch {
                throw CommandError("cannot register \(plugin.name): \(error)", argument: "file")
            }
            plugins.sharedObjects.append(plugin)
            plugins.table.requestMigrations()
            call.output.line("loaded plugin \(plugin.name) \(plugin.version); select it with: "
                + plugin.stages.map { "stage use \($0.descriptor.slot) \($0.descriptor.implementation)" }.joined(separator: "; "))
            return .table(Table(rows: rows(plugin)))
        }
    }

    static func rows(_ plugin: SharedObjectPlugin) -> [Record] {
        plugin.stages.map { stage in
            Record([("plugin", .string(plugin.name)), ("version", .string(plugin.version)), ("slot", .string(stage.descriptor.slot.rawValue)),
                    ("implementation", .string(stage.descriptor.implementation)),
                    ("commands", .string(stage.commands.map(\.signature.name).joined(separator: ", ")))])
        }
    }
}
