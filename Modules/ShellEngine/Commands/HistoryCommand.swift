#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit
import StageSupport

/// `history [TEXT]`: past REPL entries, oldest first, optionally only those containing TEXT.
enum HistoryCommand {
    static let command = EngineCommand(CommandSignature(
        "history",
        summary: "List past entries of the REPL, optionally only those containing some text.",
        positionals: [Positional("text", .string, "Only entries containing this text.", optional: true)],
        flags: [Flag("last", .int, "Only the last N entries.")],
        examples: [Example("history lead --last 5", "The last five entries mentioning lead.")])) { invocation, context in
        var entries = Array(context.interpreter.historyProvider().enumerated())
        if let text = invocation.string("text") { entries = entries.filter { UnicodeText.containsIgnoringCase($0.element, text) } }
        let numbered = entries.map { Record([("index", .int(Int64($0.offset + 1))), ("command", .string($0.element))]) }
        let last = invocation.int("last").map { Int(max(0, $0)) } ?? numbered.count
        return .table(Table(columns: ["index", "command"], rows: Array(numbered.suffix(last))))
    }
}

/// `session save FILE`: writes this REPL session's successful entries as a script `funnel run` replays.
enum SessionSaveCommand {
    static let command = EngineCommand(CommandSignature(
        "session save",
        summary: "Save the entries of this session that succeeded, in order, as a script to replay with funnel run.",
        positionals: [Positional("file", .file, "The script to write.")],
        flags: [Flag("force", .bool, "Overwrite the file if it exists.")],
        output: .nothing, impact: .low,
        examples: [Example("session save month-end.funnel --dry-run", "Save what was typed so far.")])) { invocation, context in
        let path = invocation.string("file") ?? ""
        let skipped = ["help", "history", "session save"]
        let entries = context.interpreter.sessionEntries.filter { entry in
            !skipped.contains { entry.trimmingCharacters(in: " \t\n").hasPrefix($0) }
        }
        let text = "# Saved from a funnel session: replay with `funnel run \(PathName.last(path))`\n"
            + entries.map { $0 + "\n" }.joined()
        try OutputFile.check(path, force: invocation.flag("force"))
        if invocation.isDryRun {
            context.output.line("would save \(entries.count) entries to \(path)")
            return .null
        }
        try OutputFile.write(Data(text.utf8), to: path)
        context.output.line("saved \(entries.count) entries to \(path)")
        return .null
    }
}

/// `transaction begin|commit|rollback`: one transaction over several entries. They run as their own
/// statements (the session handles them before anything else).
enum TransactionCommands {
    static let all = [
        make("begin", "Open a transaction: changes from now on are kept only at transaction commit."),
        make("commit", "Keep every change made since transaction begin."),
        make("rollback", "Undo every change made since transaction begin."),
    ]

    static func make(_ verb: String, _ summary: String) -> EngineCommand {
        EngineCommand(CommandSignature(
            "transaction \(verb)", summary: summary, output: .nothing,
            examples: verb == "begin" ? [Example("transaction begin", "Start; end with transaction commit or rollback.")]
                : [Example("transaction begin; transaction \(verb)", "End the transaction.")])) { _, _ in
            throw CommandError("transaction \(verb) must be a statement of its own, not part of a pipeline or block")
        }
    }
}
