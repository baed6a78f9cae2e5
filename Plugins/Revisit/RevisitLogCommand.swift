import Foundation
import FunnelModel
import StageKit

/// `revisit log C-N --outcome TEXT --nps N [--need TEXT]`: records a revisit; a new need opens a repeat deal.
enum RevisitLogCommand {
    static let command = Command(CommandSignature(
        "revisit log",
        summary: "Record a revisit's outcome and NPS; a new need found opens a repeat deal in discovery; the next revisit is scheduled.",
        positionals: [Positional("customer", .id(.customer), "The customer, e.g. C-5.")],
        flags: [Flag("outcome", .string, "What came of it."), Flag("nps", .int, "How likely they are to recommend us, 0 to 10."),
                Flag("need", .string, "A new need found: opens a repeat deal in discovery."),
                Flag("priority", .choice(["low", "medium", "high", "critical"]), "The new need's priority.", default: .string("medium"))],
        output: .nothing, impact: .low,
        examples: [Example("revisit log C-1 --outcome \"happy, expanding\" --nps 9 --need \"second site\" --priority high",
                           "A revisit that finds an upsell.", setup: "lead add Acme; lead qualify L-1 --force")])) { invocation, context in
        guard let customer = invocation.id("customer") else { throw CommandError("name a customer", argument: "customer") }
        let name = try Cadence.requireCustomer(customer, context)
        guard let outcome = invocation.string("outcome")?.trimmingSpaces, !outcome.isEmpty else {
            throw CommandError("say what came of it: --outcome TEXT", argument: "outcome")
        }
        let nps = invocation.int("nps")
        if let nps, !(0...10).contains(nps) { throw CommandError("NPS is 0 to 10, not \(nps)", argument: "nps") }
        if invocation.isDryRun {
            context.output.line("would log a revisit of \(customer)")
            return .null
        }
        let now = Day.formatTimestamp(context.clock.now)
        var deal: EntityID?
        if let need = invocation.string("need")?.trimmingSpaces, !need.isEmpty {
            try context.database.execute(
                "INSERT INTO deals (customer_id, title, stage, status, created_at) VALUES (?, ?, 'discover', 'open', ?)",
                [.integer(customer.number), .text("\(name): \(need)"), .text(now)])
            let id = EntityID(.deal, context.database.lastInsertedRowID)
            try context.database.execute("INSERT INTO needs (deal_id, kind, description, priority) VALUES (?, 'requirement', ?, ?)",
                                         [.integer(id.number), .text(need), .text(invocation.string("priority") ?? "medium")])
            try context.journal("deal.created", subject: id, details: Record([("customer", .id(customer)), ("stage", .string("discover")),
                                                                               ("from", .string("revisit")), ("need", .string(need))]))
            deal = id
        }
        let pending = try context.database.query("SELECT id FROM revisits WHERE customer_id = ? AND done_on IS NULL ORDER BY due_on LIMIT 1",
                                                 [.integer(customer.number)]).first?.integer("id")
        if let pending {
            try context.database.execute("UPDATE revisits SET done_on = ?, outcome = ?, nps = ?, deal_id = ? WHERE id = ?",
                                         [.text(now), .text(outcome), nps.map { .integer($0) } ?? .null, deal.map { .integer($0.number) } ?? .null, .integer(pending)])
        } else {
            try context.database.execute("INSERT INTO revisits (customer_id, due_on, done_on, outcome, nps, deal_id) VALUES (?, ?, ?, ?, ?, ?)",
                                         [.integer(customer.number), .text(now), .text(now), .text(outcome), nps.map { .integer($0) } ?? .null,
                                          deal.map { .integer($0.number) } ?? .null])
        }
        let days = try Cadence.days(tier: try Cadence.tier(of: customer, context), context)
        let next = context.clock.now.addingTimeInterval(TimeInterval(days * 86_400))
        try context.database.execute("INSERT INTO revisits (customer_id, due_on) VALUES (?, ?)", [.integer(customer.number), .text(Day.formatTimestamp(next))])
        try context.journal("revisit.done", subject: customer, details: Record([
            ("outcome", .string(outcome)), ("nps", nps.map(Value.int) ?? .null), ("deal", deal.map(Value.id) ?? .null), ("next", .date(next)),
        ]))
        context.output.line("revisit of \(customer) logged" + (deal.map { " · repeat deal \($0) opened in discover" } ?? "")
                            + " · next due \(Day.format(next))")
        return .null
    }
}
