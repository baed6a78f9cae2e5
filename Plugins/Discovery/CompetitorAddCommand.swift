import FunnelModel
import StageKit

/// `competitor add D-N NAME`: a competitor in play on a deal.
enum CompetitorAddCommand {
    static let command = Command(CommandSignature(
        "competitor add",
        summary: "Record a competitor in play on a deal.",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1."), Positional("name", .string, "The competitor.")],
        flags: [Flag("notes", .string, "What we know of their offer.")],
        output: .nothing, impact: .low,
        examples: [Example("competitor add D-1 Kingdee --notes \"cheaper, weaker reporting\"", "A competitor.",
                           setup: "lead add Acme; lead qualify L-1 --force")]).creating()) { invocation, context in
        guard let deal = invocation.id("deal") else { throw CommandError("competitor add needs a deal", argument: "deal") }
        _ = try DealRecords.require(deal, context)
        let name = (invocation.string("name") ?? "").trimmingSpaces
        guard !name.isEmpty else { throw CommandError("a competitor needs a name", argument: "name") }
        if invocation.isDryRun {
            context.output.line("would add competitor \(name) to \(deal)")
            return .null
        }
        try context.database.execute("INSERT INTO competitors (deal_id, name, notes) VALUES (?, ?, ?)",
                                     [.integer(deal.number), .text(name), invocation.string("notes").map { .text($0) } ?? .null])
        try context.journal("competitor.added", subject: deal, details: Record([("name", .string(name))]))
        if !invocation.isValueUsed { context.output.line("competitor \(name) added to \(deal)") }
        return .record(Record([("deal", .id(deal)), ("name", .string(name)), ("notes", invocation.string("notes").map(Value.string) ?? .null)]))
    }
}
