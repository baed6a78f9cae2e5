#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// `config load FILE`: settings from a file of `key = value` lines (`#` comments, `[section]`
/// headers prefixing the keys below them, quotes around values optional), e.g. screening rules.
enum ConfigLoadCommand {
    static func make(registry: StageRegistry) -> EngineCommand {
        EngineCommand(CommandSignature(
        "config load",
        summary: "Store every setting in a file of key = value lines ([section] headers prefix the keys).",
        positionals: [Positional("file", .file, "The settings file.")],
        output: .nothing, impact: .low,
        examples: [Example("config load screening.conf", "Load scoring weights.",
                           setup: "\"[screen.bant]\\nthreshold = 70\\nweight.industry = 10\\n\" | save screening.conf --force")])) { [registry] invocation, call in
        let context = try call.stageContext()
        let path = invocation.string("file") ?? ""
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("cannot read \(path)", argument: "file") }
        let text: String
        do throws(UnicodeText.Refusal) { text = try UnicodeText.decode(data) } catch { throw CommandError("\(path): \(error.description)", argument: "file") }
        let catalog = SettingsCatalog(registry: registry)
        var section = ""
        var settings: [(String, String)] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?.trimmingSpaces ?? ""
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw CommandError("\(path):\(offset + 1): \"\(line)\" is not a [section] header", argument: "file")
                }
                section = String(line.dropFirst().dropLast()).trimmingSpaces + "."
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw CommandError("\(path):\(offset + 1): \"\(line)\" is not key = value", argument: "file")
            }
            let key = section + String(line[..<equals]).trimmingSpaces
            var value = String(line[line.index(after: equals)...]).trimmingSpaces
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard key.count > section.count else { throw CommandError("\(path):\(offset + 1): a setting needs a key", argument: "file") }
            do throws(CommandError) { try catalog.check(key, value) } catch {
                throw CommandError("\(path):\(offset + 1): \(error.message)", argument: "file", hint: error.hint)
            }
            settings.append((key, value))
        }
        if invocation.isDryRun {
            for (key, value) in settings { call.output.line("would set \(key) = \(value)") }
            return .null
        }
        for (key, value) in settings {
            try context.database.execute("DELETE FROM settings WHERE key = ?", [.text(key)])
            try context.database.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [.text(key), .text(value)])
        }
        call.output.line("\(settings.count) settings loaded from \(path)")
        return .null
        }
    }
}
