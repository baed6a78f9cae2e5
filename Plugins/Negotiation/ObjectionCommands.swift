import Foundation
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
                           setup: "lead add Acme; lead qualify L-1 --force")])) { invocation, context in
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
        context.output.line("\(id) logged on \(deal): \(category)" + (invocation.flag("resolved") ? " (resolved)" : ""))
        return .null
    }
}

/// `objection list [D-N]`: objections, unresolved first.
enum ObjectionListCommand {
    static let command = Command(CommandSignature(
        "objection list",
        summary: "List objections, unresolved first, for one deal or all.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's objections.", optional: true)],
        examples: [Example("objection list | where resolved == false", "Open objections.")])) { invocation, _ in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        return .relation(Relation(source: "objections", columns: [
            .init("id", .id(.objection, "id")), .init("deal", .id(.deal, "deal_id")), .init("category", .text("category")),
            .init("text", .text("text")), .init("response", .text("response")), .init("resolved", .bool("resolved")),
            .init("raised", .date("raised_at")),
        ], conditions: conditions, order: "resolved, id"))
    }
}

/// `delivery check SKU QUANTITY [--by DATE]`: can the order ship by that date, and when at the earliest.
enum DeliveryCheckCommand {
    static let command = Command(CommandSignature(
        "delivery check",
        summary: "Say whether a quantity of a product can ship by a date, from stock and lead time, and the earliest date.",
        positionals: [Positional("sku", .string, "The product."), Positional("quantity", .int, "How many units.")],
        flags: [Flag("by", .date, "The date the customer asks for.")],
        output: .any,
        examples: [Example("delivery check GTX-PRO 500 --by 2026-06-01", "Can we ship 500 units by June 1?",
                           setup: "product add GTX-PRO \"GTX Pro\" --price 4821 --stock 120 --lead-time 45")])) { invocation, context in
        let sku = (invocation.string("sku") ?? "").uppercased()
        guard let quantity = invocation.int("quantity"), quantity > 0 else {
            throw CommandError("the quantity must be 1 or more", argument: "quantity")
        }
        guard let row = try context.database.query("SELECT name, stock, lead_time_days FROM products WHERE sku = ?", [.text(sku)]).first else {
            throw CommandError("no product \(sku)", argument: "sku")
        }
        let stock = row.integer("stock") ?? 0, leadTime = row.integer("lead_time_days") ?? 0
        let earliest = quantity <= stock ? context.clock.now : context.clock.now.addingTimeInterval(TimeInterval(leadTime * 86_400))
        var record = Record([("sku", .string(sku)), ("quantity", .int(quantity)), ("in stock", .int(stock)),
                             ("earliest", .date(earliest)),
                             ("how", .string(quantity <= stock ? "from stock" : "\(quantity - stock) to make: \(leadTime) days"))])
        if case .date(let wanted)? = invocation["by"] {
            record["by"] = .date(wanted)
            record["can ship"] = .bool(earliest <= wanted)
        }
        return .record(record)
    }
}
