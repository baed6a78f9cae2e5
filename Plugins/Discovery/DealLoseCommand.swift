#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `deal lose D-N --reason TEXT`: closes an open deal as lost, at whatever stage it reached, with the
/// reason analytics group losses by.
enum DealLoseCommand {
    static let command = Command(CommandSignature(
        "deal lose",
        summary: "Close an open deal as lost, with the reason (price, timing, competitor, no decision, ...).",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1.")],
        flags: [Flag("reason", .string, "Why it was lost; `report lost` groups deals by it."),
                Flag("on", .date, "When it was lost (default: now).")],
        output: .nothing, impact: .low,
        examples: [Example("deal lose D-1 --reason 'price: over budget'", "Record a lost deal.",
                           setup: "lead add Acme; lead qualify L-1 --force")]), catalog: true) { invocation, context in
        guard let id = invocation.id("deal") else { throw CommandError("deal lose needs a deal id", argument: "deal") }
        let row = try DealRecords.require(id, context)
        guard row.text("status") == "open" else {
            throw CommandError("\(id) is \(row.text("status") ?? "closed"); only an open deal is lost", argument: "deal")
        }
        guard let reason = invocation.string("reason")?.trimmingSpaces, !reason.isEmpty else {
            throw CommandError("a lost deal needs a reason: --reason TEXT", argument: "reason")
        }
        var on = context.clock.now
        if case .date(let date)? = invocation["on"] { on = date }
        if let created = row.text("created_at").flatMap({ try? Day.parse($0) }), on < created {
            throw CommandError("\(id) was created \(Day.format(created)); it cannot be lost before", argument: "on")
        }
        let stage = row.text("stage") ?? "?"
        if invocation.isDryRun {
            context.output.line("would close \(id) as lost in \(stage): \(reason)")
            return .null
        }
        try context.database.execute("UPDATE deals SET status = 'lost', lost_reason = ?, closed_at = ? WHERE id = ?",
                                     [.text(reason), .text(Day.formatTimestamp(on)), .integer(id.number)])
        try context.journal("deal.lost", subject: id, details: Record([("stage", .string(stage)), ("reason", .string(reason)),
                                                                         ("on", .date(on))]))
        context.output.line("\(id) lost in \(stage): \(reason)")
        return .null
    }
}
