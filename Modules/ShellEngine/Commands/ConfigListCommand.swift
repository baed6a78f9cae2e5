#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// `config list`: every stored setting; with `--known`, every setting funnel's stages read, with its
/// default, what it does and the value stored, if any.
enum ConfigListCommand {
    static func make(registry: StageRegistry) -> EngineCommand {
        EngineCommand(CommandSignature(
            "config list",
            summary: "Show the stored settings; --known shows every setting the stages read, with defaults.",
            flags: [Flag("known", .bool, "Every setting the registered stages read, with its default and what it does.")],
            examples: [Example("config list", "The stored settings.", setup: "config set screen.bant.threshold 70"),
                       Example("config list --known | where key =~ bant", "The BANT scorer's settings.")])) { [registry] invocation, call in
            let context = try call.stageContext()
            let stored = try context.database.query("SELECT key, value FROM settings ORDER BY key").map {
                (key: $0.text("key") ?? "", value: $0.text("value") ?? "")
            }
            guard invocation.flag("known") else {
                return .table(Table(columns: ["key", "value"], rows: stored.map {
                    Record([("key", .string($0.key)), ("value", .string($0.value))])
                }))
            }
            let rows = SettingsCatalog(registry: registry).settings.map { setting in
                let value = setting.key.hasSuffix(".*")
                    ? stored.filter { setting.matches($0.key) }.map { "\($0.key.dropFirst(setting.key.count - 1))=\($0.value)" }.joined(separator: ", ")
                    : stored.first { $0.key == setting.key }?.value ?? ""
                return Record([("key", .string(setting.key)), ("value", value.isEmpty ? .null : .string(value)),
                               ("default", setting.defaultValue.map(Value.string) ?? .null), ("meaning", .string(setting.summary))])
            }
            return .table(Table(columns: ["key", "value", "default", "meaning"], rows: rows))
        }
    }
}
