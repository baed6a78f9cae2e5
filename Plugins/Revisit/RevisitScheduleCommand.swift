#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `revisit schedule C-N [--every 90day] [--tier T]`: the next revisit, by the customer's cadence, through StageKit's
/// `RevisitSchedule`.
enum RevisitScheduleCommand {
    static let command = Command(CommandSignature(
        "revisit schedule",
        summary: "Schedule a customer's next revisit, by their tier's cadence or an explicit one; optionally set the tier.",
        positionals: [Positional("customer", .id(.customer), "The customer, e.g. C-5.")],
        flags: [Flag("every", .duration, "The cadence, e.g. 90day (default: the tier's)."),
                Flag("tier", .choice(["gold", "silver", "bronze", "standard"]), "The customer's tier.")],
        output: .nothing, impact: .low,
        examples: [Example("revisit schedule C-1 --tier gold", "Revisit a key account monthly.", setup: "lead add Acme; lead qualify L-1 --force")]).creating()) { invocation, context in
        guard let customer = invocation.id("customer") else { throw CommandError("name a customer", argument: "customer") }
        _ = try Cadence.requireCustomer(customer, context)
        if case .duration(let seconds)? = invocation["every"], seconds < 86_400 { throw CommandError("revisit at most daily", argument: "every") }
        if invocation.isDryRun {
            context.output.line("would schedule a revisit of \(customer)")
            return .null
        }
        if let tier = invocation.string("tier") {
            try context.database.execute("UPDATE customers SET tier = ? WHERE id = ?", [.text(tier), .integer(customer.number)])
        }
        var days = try Cadence.days(tier: try Cadence.tier(of: customer, context), context)
        if case .duration(let seconds)? = invocation["every"] { days = seconds / 86_400 }
        let due = context.clock.now.addingTimeInterval(TimeInterval(days * 86_400))
        try RevisitSchedule(customer: customer, due: due, everyDays: days).record(in: context)
        if !invocation.isValueUsed { context.output.line("\(customer) revisit due \(Day.format(due)) (every \(days) days)") }
        return .record(Record([("customer", .id(customer)), ("due", .date(due)), ("every days", .int(days))]))
    }
}
