#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `ticket open C-N KIND SUMMARY [--contract K-N] [--priority P]`.
enum TicketOpenCommand {
    static let command = Command(CommandSignature(
        "ticket open",
        summary: "Open an after-sales ticket for a customer; it is due within the contract's service level.",
        positionals: [Positional("customer", .id(.customer), "The customer, e.g. C-5."),
                      Positional("kind", .choice(["installation", "training", "support", "issue"]), "installation, training, support or issue."),
                      Positional("summary", .string, "What is needed.", optional: true)],
        flags: [Flag("contract", .id(.contract), "The contract it falls under (default: the customer's latest signed one)."),
                Flag("priority", .choice(["low", "normal", "high", "urgent"]), "How pressing.", default: .string("normal"))],
        impact: .low,
        examples: [Example("ticket open C-1 installation \"install 20 units\"", "An installation ticket.", setup: "lead add Acme; lead qualify L-1 --force")]).creating()) { invocation, context in
        guard let customer = invocation.id("customer") else { throw CommandError("ticket open needs a customer", argument: "customer") }
        let ticket = ServiceTicket(customer: customer, contract: invocation.id("contract"), kind: invocation.string("kind") ?? "support",
                                   priority: invocation.string("priority") ?? "normal", summary: invocation.string("summary") ?? "")
        if invocation.isDryRun {
            let opening = try ticket.check(in: context)
            context.output.line("would open a \(ticket.priority) \(ticket.kind) ticket for \(customer), due in \(opening.hours)h (\(opening.level))")
            return .null
        }
        let (id, opening) = try ticket.open(in: context)
        if !invocation.isValueUsed {
            context.output.line("\(id) opened for \(customer): \(ticket.kind), due \(Day.formatTimestamp(opening.due)) (\(opening.level), \(opening.hours)h)")
        }
        return .record(Record([("id", .id(id)), ("customer", .id(customer)), ("kind", .string(ticket.kind)), ("priority", .string(ticket.priority)),
                               ("status", .string("open")), ("due", .date(opening.due)), ("service level", .string(opening.level))]))
    }
}
