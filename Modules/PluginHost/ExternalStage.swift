#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// A stage offered by an out-of-process plugin, registered from its cached manifest: selected with
/// `stage use` like any other, its process started on first use.
public struct ExternalStage: Stage {
    let manifest: PluginManifest
    let stage: PluginManifest.Stage
    let process: PluginProcess

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: StageSlot(stage.slot), implementation: stage.implementation,
                        summary: stage.summary.isEmpty ? "From plugin \(manifest.name)." : stage.summary,
                        version: manifest.version, follows: stage.follows.map { StageSlot($0) })
    }

    public var commands: [Command] {
        stage.commands.map { command in
            switch command.kind {
            case "screen": return ExternalScreenCommand.make(command, process: process)
            case "verb": return ExternalVerbCommand.make(command, process: process)
            default: return ExternalTableCommand.make(command, process: process)
            }
        }
    }

    /// The gate out of the slot the plugin declared (`"gate": {"exit": ["pilot"]}`): a deal leaves once
    /// the slot holds a record of each kind named about it, written by any implementation.
    public func exitCheck(_ subject: Value, context: StageContext) throws -> [String] {
        guard case .id(let deal) = subject, let kinds = stage.exitRequires else { return [] }
        return try kinds.filter { try SlotRecord.count($0, in: StageSlot(stage.slot), about: deal, database: context.database) == 0 }
            .map { "no \($0) recorded for \(deal)" }
    }

    /// The stages of every recorded plugin, one process per plugin.
    public static func stages(of manifests: [PluginManifest]) -> [ExternalStage] {
        manifests.flatMap { manifest in
            let process = PluginProcess(manifest: manifest)
            return manifest.stages.map { ExternalStage(manifest: manifest, stage: $0, process: process) }
        }
    }
}

/// How long a plugin may take to answer one batch: `plugin.timeout` seconds (default 30).
public enum PluginTimeout {
    /// The setting, checked by `config set` (ShellEngine's `SettingsCatalog`) and here when read.
    public static let setting = Setting("plugin.timeout", "Seconds a plugin may take to answer before it is stopped.", default: "30") { text in
        seconds(text) == nil ? "\"\(text)\" is not a number of seconds from 0 to 3600" : nil
    }

    static func seconds(_ text: String) -> Double? {
        guard let seconds = Double(text.trimmingSpaces), seconds > 0, seconds <= 3600 else { return nil }
        return seconds
    }

    static func seconds(_ context: StageContext) throws -> Double {
        guard let text = try context.setting(setting.key) else { return 30 }
        guard let seconds = seconds(text) else {
            throw CommandError("setting plugin.timeout is \"\(text)\", not a number of seconds from 0 to 3600",
                               hint: "fix it with: config set plugin.timeout 30")
        }
        return seconds
    }
}

/// A plugin command whose answers are shown as a table: the input rows go to the plugin in batches.
enum ExternalTableCommand {
    static func make(_ command: PluginManifest.Command, process: PluginProcess) -> Command {
        Command(CommandSignature(command.name, summary: command.summary.isEmpty ? "From plugin \(process.manifest.name)." : command.summary,
                                 input: .any, output: .table)) { invocation, context in
            let rows = (invocation.input.rows ?? []).map(Value.record)
            var answers: [Record] = []
            for start in stride(from: 0, to: max(rows.count, 1), by: 1000) {
                try context.checkCancelled()
                let batch = Array(rows[start..<min(rows.count, start + 1000)])
                do {
                    answers += try process.call(command.name, arguments: Record(), records: batch, timeout: try PluginTimeout.seconds(context),
                                               isCancelled: context.isCancelled).records
                } catch let failure as PluginFailure { throw CommandError(failure.message + "; nothing was changed") }
            }
            return .table(Table(rows: answers.map(PluginText.capped)))
        }
    }
}
