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

/// `plugin add EXECUTABLE`: starts an out-of-process plugin once to read its handshake, records its
/// signatures in the plugin list and registers its stages; from then on they are registered at start-up
/// and the process starts only when one of its commands runs.
enum PluginAddCommand {
    static func make(_ plugins: PluginShell) -> EngineCommand {
        EngineCommand(CommandSignature(
            "plugin add",
            summary: "Record an out-of-process plugin (an executable speaking docs/plugin-protocol.md) and register its stages.",
            positionals: [Positional("executable", .file, "The plugin's executable.")],
            output: .table, impact: .low,
            examples: [Example("plugin list", "Then: plugin add ./my-screen.py --dry-run to check its handshake.")])) { [plugins] invocation, call in
            let given = invocation.string("executable") ?? ""
            let path = PluginShell.absolute(given)
            guard let list = plugins.list else { throw CommandError("this session keeps no plugin list") }
            let manifest: PluginManifest
            do { manifest = try PluginHandshake.read(path, isCancelled: call.isCancelled) } catch let failure as PluginFailure {
                throw CommandError(failure.message, argument: "executable")
            }
            var recorded = try plugins.recorded()
            if recorded.contains(where: { $0.path == manifest.path }) {
                throw CommandError("\(given) is already added", argument: "executable",
                                   hint: "to read its signatures again: plugin remove \(manifest.name), then restart funnel and add it")
            }
            let stages = ExternalStage.stages(of: [manifest])
            for stage in stages {
                let slot = stage.descriptor.slot
                if plugins.table.registry.implementations(of: slot).contains(where: { $0.descriptor.implementation == stage.descriptor.implementation }) {
                    throw CommandError("\(slot) already has an implementation \(stage.descriptor.implementation)", argument: "executable")
                }
            }
            // A dry run refuses what the real add would: every check of registering, nothing kept.
            do { try plugins.table.registry.checkRegistration(stages) } catch {
                throw CommandError("cannot register the plugin's stages: \(error)", argument: "executable")
            }
            let rows = manifest.stages.map { stage in
                Record([("plugin", .string(manifest.name)), ("version", .string(manifest.version)), ("protocol", .string(manifest.protocolVersion)),
                        ("slot", .string(stage.slot)), ("implementation", .string(stage.implementation)),
                        ("commands", .string(stage.commands.map(\.name).joined(separator: ", ")))])
            }
            if invocation.isDryRun { return .table(Table(rows: rows)) }
            do { try plugins.table.registry.register(stages) } catch {
                throw CommandError("cannot register the plugin's stages: \(error)", argument: "executable")
            }
            recorded.append(manifest)
            do { try list.save(recorded) } catch let failure as PluginFailure { throw CommandError(failure.message) }
            call.output.line("added plugin \(manifest.name) \(manifest.version); select it with: "
                + manifest.stages.map { "stage use \($0.slot) \($0.implementation)" }.joined(separator: "; "))
            return .table(Table(rows: rows))
        }
    }
}
