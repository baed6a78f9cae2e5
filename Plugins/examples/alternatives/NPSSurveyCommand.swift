#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `revisit survey C-N --outcome TEXT [--nps N] [--need TEXT --priority P]`: the nps-survey revisit,
/// logged and the next one scheduled in one step (`RevisitLog` with its `next`).
enum NPSSurveyCommand {
    static let command = Command(CommandSignature(
        "revisit survey",
        summary: "Log a survey of a customer: outcome and NPS; a need found opens a repeat deal; the score sets the next survey.",
        positionals: [Positional("customer", .id(.customer), "The customer, e.g. C-5.")],
        flags: [Flag("outcome", .string, "What came of it."), Flag("nps", .int, "How likely they are to recommend us, 0 to 10."),
                Flag("need", .string, "A new need found: opens a repeat deal in discovery."),
                Flag("priority", .choice(RevisitLog.needPriorities), "The new need's priority.", default: .string("medium"))],
        output: .nothing, impact: .low,
        examples: [Example("revisit survey C-1 --outcome \"expanding\" --nps 9 --need \"second site\" --priority high",
                           "A promoter with an upsell: asked again in 90 days.", setup: "lead add Acme; lead qualify L-1 --force")])) { invocation, context in
        guard let customer = invocation.id("customer") else { throw CommandError("name a customer", argument: "customer") }
        let nps = invocation.int("nps")
        let days = NPSSurveyRevisit.daysUntilNext(after: nps)
        let next = context.clock.now.addingTimeInterval(TimeInterval(days * 86_400))
        let log = RevisitLog(customer: customer, outcome: invocation.string("outcome") ?? "", nps: nps, need: invocation.string("need"),
                             needPriority: invocation.string("priority") ?? "medium", next: next)
        try log.check(in: context)
        if invocation.isDryRun {
            context.output.line("would log a survey of \(customer) and ask again on \(Day.format(next))")
            return .null
        }
        let deal = try log.record(in: context).deal
        context.output.line("survey of \(customer) logged" + (nps.map { " · NPS \($0), a \(NPSSurveyRevisit.group($0))" } ?? "")
                            + (deal.map { " · repeat deal \($0) opened in discover" } ?? "") + " · next survey \(Day.format(next))")
        return .null
    }
}
