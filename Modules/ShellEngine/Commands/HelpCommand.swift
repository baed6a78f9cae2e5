import StageKit

/// `help` lists the commands; `help COMMAND` shows one command's usage, arguments and examples,
/// all taken from its signature.
enum HelpCommand {
    static func make(table: CommandTable) -> Command {
        Command(CommandSignature(
            "help",
            summary: "List the commands, or show how to use one.",
            positionals: [Positional("command", .commandName, "The command to explain, e.g. lead add.",
                                     optional: true, rest: true)],
            output: .any,
            examples: [Example("help", "Every command, by stage."),
                       Example("help lead add", "How to add a lead.")])) { [unowned table] invocation, context in
            let words = invocation.list("command").map(\.plainText)
            guard !words.isEmpty else {
                context.output.line(overview(table))
                return .null
            }
            let name = words.joined(separator: " ")
            guard let (command, stage) = table.command(named: name) else {
                let matching = table.names.filter { $0.hasPrefix(name + " ") }
                if !matching.isEmpty {
                    context.output.line(matching.compactMap { table.command(named: $0) }
                        .map { pad($0.0.name, 16) + $0.0.signature.summary }.joined(separator: "\n"))
                    return .null
                }
                let hint = table.suggestions(for: name).first.map { "did you mean \"\($0)\"?" }
                throw CommandError("no command \"\(name)\"", argument: "command", hint: hint)
            }
            context.output.line(detail(command, stage: stage))
            return .null
        }
    }

    static func overview(_ table: CommandTable) -> String {
        var lines = ["Commands (help COMMAND for details):", ""]
        for slot in table.registry.slots {
            guard let stage = table.registry.activeStage(of: slot) else { continue }
            let d = stage.descriptor
            lines.append("\(slot) — \(d.implementation): \(d.summary)")
            for command in stage.commands { lines.append("  " + pad(command.name, 16) + command.signature.summary) }
            lines.append("")
        }
        lines.append("shell")
        for command in table.builtins { lines.append("  " + pad(command.name, 16) + command.signature.summary) }
        lines.append("")
        lines.append("Every command takes --json or --csv to change its output.")
        return lines.joined(separator: "\n")
    }

    static func detail(_ command: Command, stage: StageDescriptor?) -> String {
        let s = command.signature
        var lines = [s.summary, "", "Usage: \(s.usage)"]
        if let stage { lines.append("Stage: \(stage.slot) (\(stage.implementation) \(stage.version))") }
        if s.impact != .none { lines.append("Impact: \(s.impact.rawValue) — --dry-run shows what would change") }
        if s.input != .nothing { lines.append("Input: \(s.input.rawValue)") }
        if !s.positionals.isEmpty {
            lines += ["", "Arguments:"]
            for p in s.positionals {
                lines.append("  " + pad(p.name.uppercased() + (p.isRest ? "..." : ""), 18) + p.summary
                             + (p.isOptional ? " (optional)" : ""))
            }
        }
        if !s.allFlags.isEmpty {
            lines += ["", "Flags:"]
            for f in s.allFlags {
                let head = "--\(f.name)" + (f.type.placeholder.isEmpty ? "" : " \(f.type.placeholder)")
                let defaultText = f.defaultValue.map { " (default: \($0.plainText))" } ?? ""
                lines.append("  " + pad(head, 18) + f.summary + defaultText)
            }
        }
        if !s.examples.isEmpty {
            lines += ["", "Examples:"]
            for e in s.examples { lines += ["  # \(e.summary)", "  \(e.script)"] }
        }
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + "  " : text + String(repeating: " ", count: width - text.count)
    }
}
