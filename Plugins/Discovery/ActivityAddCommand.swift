#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `activity add D-N KIND SUMMARY`: a call, meeting, message or note on a deal.
enum ActivityAddCommand {
    static let kinds = ["call", "meeting", "message", "note"]

    static let command = Command(CommandSignature(
        "activity add",
        summary: "Record a call, meeting, message or note on a deal.",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1."),
                      Positional("kind", .choice(kinds), "call, meeting, message or note."),
                      Positional("summary", .string, "What happened.")],
        flags: [Flag("on", .date, "When it happened (default: now)."),
                Flag("with", .string, "Who took part, comma-separated.")],
        impact: .low,
        examples: [Example("activity add D-1 meeting \"site visit, met CTO 王伟\" --on 2026-02-03 --with 王伟", "A meeting.",
                           setup: "lead add Acme; lead qualify L-1 --force")]).creating()) { invocation, context in
        guard let deal = invocation.id("deal") else { throw CommandError("activity add needs a deal", argument: "deal") }
        _ = try DealRecords.require(deal, context)
        let summary = (invocation.string("summary") ?? "").trimmingSpaces
        guard !summary.isEmpty else { throw CommandError("say what happened", argument: "summary") }
        let kind = invocation.string("kind") ?? "note"
        let when: Date = if case .date(let date)? = invocation["on"] { date } else { context.clock.now }
        let participants = invocation.string("with")
        if invocation.isDryRun {
            context.output.line("would record a \(kind) on \(deal): \(summary)")
            return .null
        }
        try context.database.execute(
            "INSERT INTO activities (deal_id, kind, summary, occurred_on, participants, actor) VALUES (?, ?, ?, ?, ?, ?)",
            [.integer(deal.number), .text(kind), .text(summary), .text(Day.formatTimestamp(when)),
             participants.map { .text($0) } ?? .null, .text(context.actor)])
        let id = EntityID(.activity, context.database.lastInsertedRowID)
        try context.journal("activity.added", subject: deal, details: Record([
            ("activity", .id(id)), ("kind", .string(kind)), ("summary", .string(summary)), ("on", .date(when)),
        ]))
        if !invocation.isValueUsed { context.output.line("\(id) recorded on \(deal): \(kind)") }
        return .record(Record([("id", .id(id)), ("deal", .id(deal)), ("kind", .string(kind)), ("summary", .string(summary)), ("on", .date(when)),
                               ("with", participants.map(Value.string) ?? .null)]))
    }
}
