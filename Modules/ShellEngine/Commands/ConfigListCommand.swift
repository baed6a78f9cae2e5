import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// `config list`: every stored setting.
enum ConfigListCommand {
    static let command = EngineCommand(CommandSignature(
        "config list",
        summary: "Show the stored settings.",
        examples: [Example("config list", "All settings.", setup: "config set screen.bant.threshold 70")])) { _, call in
        let context = try call.stageContext()
        let rows = try context.database.query("SELECT key, value FROM settings ORDER BY key").map {
            Record([("key", .string($0.text("key") ?? "")), ("value", .string($0.text("value") ?? ""))])
        }
        return .table(Table(columns: ["key", "value"], rows: rows))
    }
}
