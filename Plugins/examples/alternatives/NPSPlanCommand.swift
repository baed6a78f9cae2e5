#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `revisit plan C-N [--in 30day]`: the nps-survey's next survey of a customer, by hand
/// (`RevisitSchedule`, replacing a pending one).
enum NPSPlanCommand {
    static let command = Command(CommandSignature(
        "revisit plan",
        summary: "Plan a customer's next survey, in 30 days or --in a given time.",
        positionals: [Positional("customer", .id(.customer), "The customer, e.g. C-5.")],
        flags: [Flag("in", .duration, "How soon, e.g. 14day (default 30 days).")],
        output: .nothing, impact: .low,
        examples: [Example("revisit plan C-1 --in 14day", "Ask again in two weeks.", setup: "lead add Acme; lead qualify L-1 --force")])) { invocation, context in
        guard let customer = invocation.id("customer") else { throw CommandError("name a customer", argument: "customer") }
        var days: Int64 = 30
        if case .duration(let seconds)? = invocation["in"] {
            guard seconds >= 86_400 else { throw CommandError("plan a survey at least a day ahead", argument: "in") }
            days = seconds / 86_400
        }
        let due = context.clock.now.addingTimeInterval(TimeInterval(days * 86_400))
        let schedule = RevisitSchedule(customer: customer, due: due)
        try schedule.check(in: context)
        if invocation.isDryRun {
            context.output.line("would plan a survey of \(customer) on \(Day.format(due))")
            return .null
        }
        try schedule.record(in: context)
        context.output.line("\(customer) survey planned for \(Day.format(due))")
        return .null
    }
}
