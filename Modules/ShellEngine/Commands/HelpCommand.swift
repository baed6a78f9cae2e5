#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// `help` lists the commands by stage; `help COMMAND` shows one; `help language` the language;
/// `help --markdown [COMMAND]` gives the command reference (docs/commands.md) as Markdown text.
enum HelpCommand {
    static func make(table: CommandTable) -> EngineCommand {
        EngineCommand(CommandSignature(
            "help",
            summary: "List the commands by stage, show how to use one, or explain the language (help language).",
            positionals: [Positional("command", .commandName, "The command to explain, e.g. lead add.", optional: true, rest: true)],
            flags: [Flag("markdown", .bool, "Give the command reference (every command, or the one named) as Markdown text, as docs/commands.md holds it.")],
            output: .any,
            examples: [Example("help", "Every command, by stage."), Example("help lead add", "How to add a lead."),
                       Example("help language", "The language reference."),
                       Example("help --markdown | save commands.md --force", "The command reference as a Markdown file.")])) { [unowned table] invocation, context in
            let words = invocation.list("command").map(\.plainText)
            if invocation.flag("markdown") {
                guard !words.isEmpty else { return .string(CommandReference.markdown(table)) }
                let name = words.joined(separator: " ")
                guard let signature = table.signature(of: name) ?? table.registry.anyCommand(named: name)?.0.signature else {
                    throw CommandError("no command \"\(name)\"", argument: "command",
                                       hint: table.suggestions(for: name).first.map { "did you mean \"\($0)\"?" })
                }
                return .string(CommandReference.section(signature))
            }
            guard !words.isEmpty else {
                context.output.line(HelpText.overview(table))
                return .null
            }
            let name = words.joined(separator: " ")
            if name == "language" {
                context.output.line(LanguageReference.text)
                return .null
            }
            if table.lookup(name) == nil, let (inactive, stage) = table.registry.anyCommand(named: name) {
                // A command of an implementation that is not active: its help, and how to use it.
                context.output.line(HelpText.detail(inactive.signature, stage: stage)
                    + "\n\n(\(stage.slot)/\(stage.implementation) is not the active implementation: stage use \(stage.slot) \(stage.implementation))")
                return .null
            }
            guard let entry = table.lookup(name) else {
                let matching = table.names.filter { $0.hasPrefix(name + " ") }
                if !matching.isEmpty {
                    context.output.line(matching.compactMap { table.signature(of: $0) }
                        .map { HelpText.pad($0.name, 18) + $0.summary }.joined(separator: "\n"))
                    return .null
                }
                let hint = table.suggestions(for: name).first.map { "did you mean \"\($0)\"?" }
                throw CommandError("no command \"\(name)\"", argument: "command", hint: hint)
            }
            var stage: StageDescriptor?
            if case .stage(_, let descriptor) = entry { stage = descriptor }
            context.output.line(HelpText.detail(entry.signature, stage: stage))
            return .null
        }
    }
}

/// The text of `help` and `help COMMAND`, from signatures.
enum HelpText {
    static func overview(_ table: CommandTable) -> String {
        var lines = ["Commands (help COMMAND for details, help language for the language):", ""]
        for slot in table.registry.slots {
            guard let stage = table.registry.activeStage(of: slot) else { continue }
            let d = stage.descriptor
            lines.append("\(slot) — \(d.implementation): \(d.summary)")
            for command in stage.commands { lines.append("  " + pad(command.name, 18) + command.signature.summary) }
            lines.append("")
        }
        lines.append("shell")
        for signature in table.builtinSignatures { lines.append("  " + pad(signature.name, 18) + signature.summary) }
        let user = table.userSignatures
        if !user.isEmpty {
            lines += ["", "defined in this session"]
            for signature in user { lines.append("  " + pad(signature.name, 18) + signature.summary) }
        }
        lines.append("")
        lines.append("Every command takes --help; --json or --csv to print its result for programs; --wide (every column) or --expand (a block per record) to show a table differently.")
        return lines.joined(separator: "\n")
    }

    static func detail(_ s: CommandSignature, stage: StageDescriptor?) -> String {
        var lines = [s.summary, "", "Usage: \(s.usage)"]
        if let stage { lines.append("Stage: \(stage.slot) (\(stage.implementation) \(stage.version))") }
        switch s.impact {
        case .none: break
        case .low: lines.append("Impact: low — --dry-run shows what would change")
        case .high: lines.append("Impact: high — asks before changing anything at a terminal (--yes skips); --dry-run shows what would change")
        }
        if s.input != .nothing { lines.append("Input: \(s.input.rawValue)") }
        if !s.positionals.isEmpty {
            lines += ["", "Arguments:"]
            for p in s.positionals {
                lines.append("  " + pad(p.name.uppercased() + (p.isRest ? "..." : ""), 20) + p.summary + (p.isOptional ? " (optional)" : ""))
            }
        }
        if !s.allFlags.isEmpty {
            lines += ["", "Flags:"]
            for f in s.allFlags {
                let head = "--\(f.name)" + (f.type.placeholder.isEmpty ? "" : " \(f.type.placeholder)")
                lines.append("  " + pad(head, 20) + f.summary + (f.defaultValue.map { " (default: \($0.plainText))" } ?? ""))
            }
        }
        if !s.importFields.isEmpty {
            lines += ["", "Fields (a column is recognised by any of these headers, case, spaces and punctuation ignored;",
                      "--map 'Column=field' names any other):"]
            let width = max(12, (s.importFields.map(\.name.count).max() ?? 0) + 2)
            for field in s.importFields {
                lines.append("  " + pad(field.name, width) + field.type + (field.isRequired ? ", required" : ", optional")
                             + (field.summary.isEmpty ? "" : " — " + field.summary))
                lines.append("  " + String(repeating: " ", count: width) + "headers: " + field.listedHeaders.joined(separator: ", "))
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
