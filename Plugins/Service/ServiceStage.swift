import Foundation
import FunnelModel
import StageKit



/// The `service` slot: after-sales tickets (installation, training, support, issues) tied to a customer
/// and contract, due within the contract's service level, through open → in-progress → resolved → closed.
public struct ServiceStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .service, implementation: "tickets",
                        summary: "Track after-sales tickets against the contract's service level.",
                        version: "0.1.0", follows: .payment)
    }

    public var commands: [Command] {
        [TicketOpenCommand.command, TicketStepCommand.start, TicketStepCommand.resolve, TicketStepCommand.close, TicketListCommand.command]
    }
}

/// Hours to answer a ticket by service level; an urgent ticket gets half, a low one twice.
enum ServiceHours {
    static let byLevel: [String: Int64] = ["gold": 4, "silver": 24, "bronze": 72, "standard": 120]

    static func hours(level: String, priority: String) -> Int64 {
        let base = byLevel[level] ?? 120
        switch priority {
        case "urgent": return max(1, base / 2)
        case "low": return base * 2
        default: return base
        }
    }
}

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

/// `ticket start|resolve|close T-N`: the status flow.
enum TicketStepCommand {
    static let start = make("start", from: "open", to: "in-progress", summary: "Start work on an open ticket.")
    static let resolve = make("resolve", from: "in-progress", to: "resolved", summary: "Resolve a ticket in progress, saying how.")
    static let close = make("close", from: "resolved", to: "closed", summary: "Close a resolved ticket with the customer's satisfaction (1 to 5).")

    static func make(_ verb: String, from: String, to: String, summary: String) -> Command {
        var flags: [Flag] = []
        if verb == "resolve" { flags = [Flag("resolution", .string, "How it was resolved.")] }
        if verb == "close" { flags = [Flag("satisfaction", .int, "The customer's satisfaction, 1 to 5.")] }
        let setup = "lead add Acme; lead qualify L-1 --force; ticket open C-1 support"
            + (verb == "start" ? "" : "; ticket start T-1") + (verb == "close" ? "; ticket resolve T-1 --resolution fixed" : "")
        let example = "ticket \(verb) T-1" + (verb == "resolve" ? " --resolution \"replaced the sensor\"" : verb == "close" ? " --satisfaction 5" : "")
        return Command(CommandSignature(
            "ticket \(verb)", summary: summary,
            positionals: [Positional("ticket", .id(.ticket), "The ticket, e.g. T-1.")], flags: flags,
            output: .nothing, impact: .low, examples: [Example(example, summary, setup: setup)])) { invocation, context in
            guard let id = invocation.id("ticket") else { throw CommandError("name a ticket", argument: "ticket") }
            guard let row = try context.database.query("SELECT status, due_at FROM tickets WHERE id = ?", [.integer(id.number)]).first else {
                throw CommandError.notFound(id, argument: "ticket")
            }
            guard row.text("status") == from else {
                throw CommandError("\(id) is \(row.text("status") ?? "?"); only a ticket that is \(from) can be \(to)", argument: "ticket")
            }
            var details = Record([("from", .string(from)), ("to", .string(to))])
            var sql = "UPDATE tickets SET status = ?"
            var arguments: [SQLValue] = [.text(to)]
            let now = Day.formatTimestamp(context.clock.now)
            if verb == "resolve" {
                guard let resolution = invocation.string("resolution")?.trimmingSpaces, !resolution.isEmpty else {
                    throw CommandError("say how it was resolved: --resolution TEXT", argument: "resolution")
                }
                sql += ", resolution = ?, resolved_at = ?"
                arguments += [.text(resolution), .text(now)]
                let breached = (row.text("due_at") ?? now) < now
                details["breached"] = .bool(breached)
            }
            if verb == "close" {
                guard let score = invocation.int("satisfaction"), (1...5).contains(score) else {
                    throw CommandError("give the customer's satisfaction from 1 to 5: --satisfaction N", argument: "satisfaction")
                }
                sql += ", satisfaction = ?"
                arguments.append(.integer(score))
                details["satisfaction"] = .int(score)
            }
            if invocation.isDryRun {
                context.output.line("would mark \(id) \(to)")
                return .null
            }
            try context.database.execute(sql + " WHERE id = ?", arguments + [.integer(id.number)])
            try context.journal("ticket.\(to)", subject: id, details: details)
            context.output.line("\(id) \(to)" + (details["breached"] == .bool(true) ? " (after its due time: service level breached)" : ""))
            return .null
        }
    }
}

/// `ticket list [--overdue] [--breached]`.
enum TicketListCommand {
    static let command = Command(CommandSignature(
        "ticket list",
        summary: "List tickets; --overdue for open ones past due, --breached for those resolved late.",
        flags: [Flag("overdue", .bool, "Only unresolved tickets past their due time."),
                Flag("breached", .bool, "Only tickets resolved after their due time.")],
        examples: [Example("ticket list --overdue", "Tickets breaking their service level now.")]), catalog: true) { invocation, context in
        var conditions: [Relation.Fragment] = []
        let now = Day.formatTimestamp(context.clock.now)
        if invocation.flag("overdue") { conditions.append(.init("status IN ('open', 'in-progress') AND due_at < ?", [.text(now)])) }
        if invocation.flag("breached") { conditions.append(.init("resolved_at IS NOT NULL AND resolved_at > due_at")) }
        return .relation(Relation(source: "tickets", columns: [
            .init("id", .id(.ticket, "id")), .init("customer", .id(.customer, "customer_id")), .init("contract", .id(.contract, "contract_id")),
            .init("kind", .text("kind")), .init("priority", .text("priority")), .init("summary", .text("summary")),
            .init("status", .text("status")), .init("opened", .date("opened_at")), .init("due", .date("due_at")),
            .init("resolved", .date("resolved_at")), .init("satisfaction", .integer("satisfaction")),
        ], conditions: conditions, order: "id"))
    }
}
