import Foundation
import FunnelModel
import PluginHost
import StageKit

/// `plugin add/list/remove`: out-of-process plugins (any language) recorded for this installation.
/// Adding one starts it once to read its handshake; from then on its stages are registered at start-up
/// from the recorded signatures, and the process starts only when one of its commands runs.
/// `plugin load`: an in-process plugin (a shared object built against StageKit), for this session.
enum PluginCommands {
    static func load(table: CommandTable) -> EngineCommand {
        EngineCommand(CommandSignature(
            "plugin load",
            summary: "Load an in-process plugin (a shared object built against StageKit) and register its stages for this session.",
            positionals: [Positional("file", .file, "The plugin's shared object (lib<Name>.so).")],
            output: .table, impact: .low,
            examples: [Example("plugin list", "Then: plugin load ./.build/release/libTrial.so. To load it at every start, copy it into "
                               + "~/.local/share/funnel/plugins/.")])) { [table] invocation, call in
            let given = invocation.string("file") ?? ""
            let path = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
            if let loaded = table.sharedObjects.first(where: { $0.path == path }) {
                throw CommandError("\(given) is already loaded (plugin \(loaded.name) \(loaded.version))", argument: "file")
            }
            let plugin: SharedObjectPlugin
            do { plugin = try SharedObjectPlugin.load(path) } catch let failure as PluginFailure {
                throw CommandError(failure.message, argument: "file")
            }
            if !plugin.stages.flatMap(\.migrations).isEmpty, table.isInExplicitTransaction {
                throw CommandError("\(plugin.name) adds tables, which cannot happen inside an open transaction", argument: "file",
                                   hint: "transaction commit (or rollback) first, then load it")
            }
            do { try table.registry.register(plugin.stages) } catch {
                throw CommandError("cannot register \(plugin.name): \(error)", argument: "file")
            }
            table.sharedObjects.append(plugin)
            table.migrationsPending = true
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

    static func add(table: CommandTable) -> EngineCommand {
        EngineCommand(CommandSignature(
            "plugin add",
            summary: "Record an out-of-process plugin (an executable speaking docs/plugin-protocol.md) and register its stages.",
            positionals: [Positional("executable", .file, "The plugin's executable.")],
            output: .table, impact: .low,
            examples: [Example("plugin list", "Then: plugin add ./my-screen.py --dry-run to check its handshake.")])) { [table] invocation, call in
            let given = invocation.string("executable") ?? ""
            let path = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
            guard let list = table.plugins else { throw CommandError("this session keeps no plugin list") }
            let manifest: PluginManifest
            let cancellation = call.interpreter.cancellation
            do { manifest = try PluginHandshake.read(path, isCancelled: { cancellation.isCancelled }) } catch let failure as PluginFailure {
                throw CommandError(failure.message, argument: "executable")
            }
            var recorded = try load(list)
            if recorded.contains(where: { $0.path == manifest.path }) {
                throw CommandError("\(given) is already added", argument: "executable",
                                   hint: "to read its signatures again: plugin remove \(manifest.name), then restart funnel and add it")
            }
            let stages = ExternalStage.stages(of: [manifest])
            for stage in stages {
                let slot = stage.descriptor.slot
                if table.registry.implementations(of: slot).contains(where: { $0.descriptor.implementation == stage.descriptor.implementation }) {
                    throw CommandError("\(slot) already has an implementation \(stage.descriptor.implementation)", argument: "executable")
                }
            }
            // A dry run refuses what the real add would: every check of registering, nothing kept.
            do { try table.registry.checkRegistration(stages) } catch {
                throw CommandError("cannot register the plugin's stages: \(error)", argument: "executable")
            }
            let rows = manifest.stages.map { stage in
                Record([("plugin", .string(manifest.name)), ("version", .string(manifest.version)), ("protocol", .string(manifest.protocolVersion)),
                        ("slot", .string(stage.slot)), ("implementation", .string(stage.implementation)),
                        ("commands", .string(stage.commands.map(\.name).joined(separator: ", ")))])
            }
            if invocation.isDryRun { return .table(Table(rows: rows)) }
            do { try table.registry.register(stages) } catch {
                throw CommandError("cannot register the plugin's stages: \(error)", argument: "executable")
            }
            recorded.append(manifest)
            do { try list.save(recorded) } catch let failure as PluginFailure { throw CommandError(failure.message) }
            call.output.line("added plugin \(manifest.name) \(manifest.version); select it with: "
                + manifest.stages.map { "stage use \($0.slot) \($0.implementation)" }.joined(separator: "; "))
            return .table(Table(rows: rows))
        }
    }

    static func list(table: CommandTable) -> EngineCommand {
        EngineCommand(CommandSignature(
            "plugin list",
            summary: "The plugins: added out-of-process ones and loaded in-process ones, with path, version, protocol and the slots they provide.",
            output: .table,
            examples: [Example("plugin list", "Every plugin added or loaded.")])) { [table] _, _ in
            let columns = ["name", "kind", "version", "protocol", "path", "provides"]
            let recorded = try table.plugins.map(load) ?? []
            let processes = recorded.map { manifest in
                Record([("name", .string(manifest.name)), ("kind", .string("process")), ("version", .string(manifest.version)),
                        ("protocol", .string(manifest.protocolVersion)), ("path", .string(manifest.path)),
                        ("provides", .string(manifest.stages.map { "\($0.slot) \($0.implementation)" }.joined(separator: ", ")))])
            }
            let objects = table.sharedObjects.map { plugin in
                Record([("name", .string(plugin.name)), ("kind", .string("in-process")), ("version", .string(plugin.version)),
                        ("protocol", .string("StageKit \(StagePlugin.interface)")), ("path", .string(plugin.path)),
                        ("provides", .string(plugin.stages.map { "\($0.descriptor.slot) \($0.descriptor.implementation)" }.joined(separator: ", ")))])
            }
            return .table(Table(columns: columns, rows: processes + objects))
        }
    }

    static func remove(table: CommandTable) -> EngineCommand {
        EngineCommand(CommandSignature(
            "plugin remove",
            summary: "Forget a plugin; its stages are gone the next time funnel starts.",
            positionals: [Positional("name", .word, "The plugin's name, as plugin list shows it.")],
            output: .nothing, impact: .low,
            examples: [Example("plugin list", "Then: plugin remove budget-screen")])) { [table] invocation, call in
            let name = invocation.string("name") ?? ""
            if let loaded = table.sharedObjects.first(where: { $0.name == name }) {
                throw CommandError("\(name) is an in-process plugin, loaded from \(loaded.path) until funnel exits", argument: "name",
                                   hint: "to stop loading it at start-up, delete it from the plugins directory (or the plugin load line)")
            }
            guard let list = table.plugins else { throw CommandError("this session keeps no plugin list") }
            let recorded = try load(list)
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

    private static func load(_ list: PluginList) throws -> [PluginManifest] {
        do { return try list.load() } catch let failure as PluginFailure { throw CommandError(failure.message) }
    }
}
