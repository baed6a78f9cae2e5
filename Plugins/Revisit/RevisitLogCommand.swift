#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `revisit log C-N --outcome TEXT --nps N [--need TEXT]`: records a revisit through StageKit's `RevisitLog`; a new need opens
/// a repeat deal; the next revisit is due by the customer's tier's cadence.
enum RevisitLogCommand {
    static let command = Command(CommandSignature(
        "revisit log",
        summary: "Record a revisit's outcome and NPS; a new need found opens a repeat deal in discovery; the next revisit is scheduled.",
        positionals: [Positional("customer", .id(.customer), "The customer, e.g. C-5.")],
        flags: [Flag("outcome", .string, "What came of it."), Flag("nps", .int, "How likely they are to recommend us, 0 to 10."),
                Flag("need", .string, "A new need found: opens a repeat deal in discovery."),
                Flag("priority", .choice(["low", "medium", "high", "critical"]), "The new need's priority.", default: .string("medium"))],
        impact: .low,
        examples: [Example("revisit log C-1 --outcome \"happy, expanding\" --nps 9 --need \"second site\" --priority high",
                           "A revisit that finds an upsell.", setup: "lead add Acme; lead qualify L-1 --force")]).creating()) { invocation, context in
        guard let customer = invocation.id("customer") else { throw CommandError("name a customer", argument: "customer") }
        var log = RevisitLog(customer: customer, outcome: invocation.string("outcome") ?? "", nps: invocation.int("nps"),
                             need: invocation.string("need"), needPriority: invocation.string("priority") ?? "medium")
        try log.check(in: context)
        if invocation.isDryRun {
            context.output.line("would log a revisit of \(customer)")
            return .null
        }
        let days = try Cadence.days(tier: try Cadence.tier(of: customer, context), context)
        let next = context.clock.now.addingTimeInterval(TimeInterval(days * 86_400))
        log.next = next
        let deal = try log.record(in: context).deal
        if !invocation.isValueUsed {
            context.output.line("revisit of \(customer) logged" + (deal.map { " · repeat deal \($0) opened in discover" } ?? "")
                                + " · next due \(Day.format(next))")
        }
        return .record(Record([("customer", .id(customer)), ("deal", deal.map(Value.id) ?? .null), ("next due", .date(next))]))
    }
}
