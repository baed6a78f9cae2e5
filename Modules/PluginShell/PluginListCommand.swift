#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import PluginHost
import ShellEngine
import StageKit

/// `plugin list`: the plugins added (out-of-process) and loaded (in-process).
enum PluginListCommand {
    static func make(_ plugins: PluginShell) -> EngineCommand {
        EngineCommand(CommandSignature(
            "plugin list",
            summary: "The plugins: added out-of-process ones and loaded in-process ones, with path, version, protocol and the slots they provide.",
            output: .table,
            examples: [Example("plugin list", "Every plugin added or loaded.")])) { [plugins] _, _ in
            let columns = ["name", "kind", "version", "protocol", "path", "provides"]
            let recorded = try plugins.recorded()
            let processes = recorded.map { manifest in
                Record([("name", .string(manifest.name)), ("kind", .string("process")), ("version", .string(manifest.version)),
                        ("protocol", .string(manifest.protocolVersion)), ("path", .string(manifest.path)),
                        ("provides", .string(manifest.stages.map { "\($0.slot) \($0.implementation)" }.joined(separator: ", ")))])
            }
            let objects = plugins.sharedObjects.map { plugin in
                Record([("name", .string(plugin.name)), ("kind", .string("in-process")), ("version", .string(plugin.version)),
                        ("protocol", .string("StageKit \(StagePlugin.interface)")), ("path", .string(plugin.path)),
                        ("provides", .string(plugin.stages.map { "\($0.descriptor.slot) \($0.descriptor.implementation)" }.joined(separator: ", ")))])
            }
            return .table(Table(columns: columns, rows: processes + objects))
        }
    }
}
