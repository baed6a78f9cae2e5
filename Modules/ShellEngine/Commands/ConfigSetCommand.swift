import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// `config set KEY VALUE`: stores a setting in the database, where stages read it.
enum ConfigSetCommand {
    static let command = EngineCommand(CommandSignature(
        "config set",
        summary: "Store a setting that stages read, such as a scoring weight.",
        positionals: [Positional("key", .string, "The setting, e.g. screen.bant.threshold."),
                      Positional("value", .string, "Its new value.")],
        output: .nothing, impact: .low,
        examples: [Example("config set screen.bant.threshold 70", "Qualify BANT scores of 70 and above.")])) { invocation, call in
        let context = try call.stageContext()
        let key = invocation.string("key") ?? ""
        let value = invocation.string("value") ?? ""
        guard !key.isEmpty else { throw CommandError("the key cannot be empty", argument: "key") }
        let old = try context.setting(key)
        if invocation.isDryRun {
            context.output.line("would set \(key): \(old ?? "(unset)") → \(value)")
            return .null
        }
        try context.database.execute("DELETE FROM settings WHERE key = ?", [.text(key)])
        try context.database.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [.text(key), .text(value)])
        return .null
    }
}
