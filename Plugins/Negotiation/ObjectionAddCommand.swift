#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `objection add D-N CATEGORY TEXT`: an objection raised, the response given, whether it was resolved.
enum ObjectionAddCommand {
    static let categories = ["price", "delivery", "competitor", "features", "timing", "authority", "other"]

    static let command = Command(CommandSignature(
        "objection add",
        summary: "Log an objection on a deal by category, with the response given and whether it was resolved.",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1."),
                      Positional("category", .choice(categories), "price, delivery, competitor, features, timing, authority or other."),
                      Positional("text", .string, "What the customer said.")],
        flags: [Flag("response", .string, "What we answered."), Flag("resolved", .bool, "The answer settled it.")],
        output: .nothing, impact: .low,
        examples: [Example("objection add D-1 price \"over budget by 10%\" --response \"phased delivery\" --resolved", "A resolved price objection.",
                           setup: "lead add Acme; lead qualify L-1 --force")]).creating()) { invocation, context in
        guard let deal = invocation.id("deal") else { throw CommandError("objection add needs a deal", argument: "deal") }
        _ = try DealState.require(deal, context)
        let text = (invocation.string("text") ?? "").trimmingSpaces
        guard !text.isEmpty else { throw CommandError("say what the objection is", argument: "text") }
        let category = invocation.string("category") ?? "other"
        if invocation.isDryRun {
            context.output.line("would log a \(category) objection on \(deal)")
            return .null
        }
        try context.database.execute("INSERT INTO objections (deal_id, category, text, response, resolved, raised_at) VALUES (?, ?, ?, ?, ?, ?)",
                                     [.integer(deal.number), .text(category), .text(text),
                                      invocation.string("response").map { .text($0) } ?? .null,
                                      .integer(invocation.flag("resolved") ? 1 : 0), .text(Day.formatTimestamp(context.clock.now))])
        let id = EntityID(.objection, context.database.lastInsertedRowID)
        try context.journal("objection.logged", subject: deal, details: Record([
            ("objection", .id(id)), ("category", .string(category)), ("resolved", .bool(invocation.flag("resolved"))),
        ]))
        if !invocation.isValueUsed { context.output.line("\(id) logged on \(deal): \(category)" + (invocation.flag("resolved") ? " (resolved)" : "")) }
        return .record(Record([("id", .id(id)), ("deal", .id(deal)), ("category", .string(category)), ("text", .string(text)),
                               ("response", invocation.string("response").map(Value.string) ?? .null), ("resolved", .bool(invocation.flag("resolved")))]))
    }
}
