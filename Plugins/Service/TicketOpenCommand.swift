import Foundation
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
        output: .nothing, impact: .low,
        examples: [Example("ticket open C-1 installation \"install 20 units\"", "An installation ticket.", setup: "lead add Acme; lead qualify L-1 --force")])) { invocation, context in
        guard let customer = invocation.id("customer") else { throw CommandError("ticket open needs a customer", argument: "customer") }
        guard try !context.database.query("SELECT 1 FROM customers WHERE id = ?", [.integer(customer.number)]).isEmpty else {
            throw CommandError.notFound(customer, argument: "customer")
        }
        var contract: Int64?
        var level = "standard"
        if let given = invocation.id("contract") {
            guard let row = try context.database.query(
                "SELECT c.service_level, d.customer_id FROM contracts c JOIN deals d ON d.id = c.deal_id WHERE c.id = ?", [.integer(given.number)]).first else {
                throw CommandError.notFound(given, argument: "contract")
            }
            guard row.integer("customer_id") == customer.number else { throw CommandError("\(given) is not \(customer)'s contract", argument: "contract") }
            contract = given.number
            level = row.text("service_level") ?? level
        } else if let row = try context.database.query(
            "SELECT c.id, c.service_level FROM contracts c JOIN deals d ON d.id = c.deal_id WHERE d.customer_id = ? AND c.status = 'signed' ORDER BY c.id DESC LIMIT 1",
            [.integer(customer.number)]).first {
            contract = row.integer("id")
            level = row.text("service_level") ?? level
        }
        let kind = invocation.string("kind") ?? "support", priority = invocation.string("priority") ?? "normal"
        let summary = invocation.string("summary")?.trimmingSpaces ?? kind
        let hours = ServiceHours.hours(level: level, priority: priority)
        let now = context.clock.now, due = now.addingTimeInterval(TimeInterval(hours * 3600))
        if invocation.isDryRun {
            context.output.line("would open a \(priority) \(kind) ticket for \(customer), due in \(hours)h (\(level))")
            return .null
        }
        try context.database.execute(
            "INSERT INTO tickets (customer_id, contract_id, kind, priority, summary, status, opened_at, due_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)",
            [.integer(customer.number), contract.map { .integer($0) } ?? .null, .text(kind), .text(priority), .text(summary),
             .text(Day.formatTimestamp(now)), .text(Day.formatTimestamp(due))])
        let id = EntityID(.ticket, context.database.lastInsertedRowID)
        try context.journal("ticket.opened", subject: id, details: Record([
            ("customer", .id(customer)), ("kind", .string(kind)), ("priority", .string(priority)), ("service level", .string(level)), ("due", .date(due)),
        ]))
        context.output.line("\(id) opened for \(customer): \(kind), due \(Day.formatTimestamp(due)) (\(level), \(hours)h)")
        return .null
    }
}
