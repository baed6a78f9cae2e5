#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `action done RA-N [--note TEXT]`: marks an improvement action done; the next review still
/// reports its figure against the target.
enum ActionDoneCommand {
    static let command = Command(CommandSignature(
        "action done",
        summary: "Mark an improvement action done (the next review still checks its figure against the target).",
        positionals: [Positional("action", .id(ReviewAction.kind), "The action, e.g. RA-1.")],
        flags: [Flag("note", .string, "What was done.")],
        impact: .low,
        examples: [Example("action done RA-1 --note \"two coaching sessions held\"", "Close an action.",
                           setup: "action add \"coach the team\" --metric 'win rate' --period 2026-Q1")])) { invocation, context in
        guard let id = invocation.id("action") else { throw CommandError("action done needs an action, e.g. RA-1", argument: "action") }
        let rows = try context.database.query("SELECT done_at FROM review_actions WHERE id = ?", [.integer(id.number)])
        guard let row = rows.first else { throw CommandError.notFound(id, argument: "action") }
        if let done = row.text("done_at") {
            throw CommandError("\(id) was done on \(done.prefix(10)) already", argument: "action")
        }
        if invocation.isDryRun {
            context.output.line("would mark \(id) done")
            return .null
        }
        let note = invocation.string("note")
        try context.database.execute("UPDATE review_actions SET done_at = ?, note = coalesce(?, note) WHERE id = ?",
                                     [.text(Day.formatTimestamp(context.clock.now)), note.map(SQLValue.text) ?? .null, .integer(id.number)])
        try context.journal("review.action.done", subject: id, details: Record(note.map { [("note", .string($0))] } ?? []))
        context.output.line("\(id) done")
        return .null
    }
}
