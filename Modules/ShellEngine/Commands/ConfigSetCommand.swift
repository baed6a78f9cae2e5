#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// `config set KEY VALUE`: stores a setting in the database, where stages read it. A known setting's
/// value is checked now (`SettingsCatalog`), and so is a key that looks like a misspelt known one.
enum ConfigSetCommand {
    static func make(registry: StageRegistry) -> EngineCommand {
        EngineCommand(CommandSignature(
            "config set",
            summary: "Store a setting that stages read, such as a scoring weight; known settings are checked.",
            positionals: [Positional("key", .string, "The setting, e.g. screen.bant.threshold (config list --known shows them)."),
                          Positional("value", .string, "Its new value.")],
            output: .nothing, impact: .low,
            examples: [Example("config set screen.bant.threshold 70", "Qualify BANT scores of 70 and above.")])) { [registry] invocation, call in
            let context = try call.stageContext()
            let key = (invocation.string("key") ?? "").trimmingSpaces
            let value = invocation.string("value") ?? ""
            guard !key.isEmpty else { throw CommandError("the key cannot be empty", argument: "key") }
            try SettingsCatalog(registry: registry).check(key, value)
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
}

/// `config unset KEY`: removes a stored setting, so its stage uses the default again.
enum ConfigUnsetCommand {
    static let command = EngineCommand(CommandSignature(
        "config unset",
        summary: "Remove a stored setting; its stage goes back to the default.",
        positionals: [Positional("key", .string, "The setting, e.g. screen.bant.threshold.")],
        output: .nothing, impact: .low,
        examples: [Example("config unset screen.bant.threshold", "Back to the default threshold.",
                           setup: "config set screen.bant.threshold 70")])) { invocation, call in
        let context = try call.stageContext()
        let key = (invocation.string("key") ?? "").trimmingSpaces
        guard let old = try context.setting(key) else {
            throw CommandError("\(key) is not set", argument: "key", hint: "config list shows the stored settings")
        }
        if invocation.isDryRun {
            context.output.line("would unset \(key) (was \(old))")
            return .null
        }
        try context.database.execute("DELETE FROM settings WHERE key = ?", [.text(key)])
        return .null
    }
}
