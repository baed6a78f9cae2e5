import FunnelModel
import StageKit

/// `lead qualify L-N`: turns a qualified lead into a customer (the account), a contact and an open
/// deal in discovery, assigned to an owner, each linked back to the lead, and journals all three.
enum LeadQualifyCommand {
    static let command = Command(CommandSignature(
        "lead qualify",
        summary: "Turn a qualified lead into a customer, a contact and an open deal with an owner.",
        positionals: [Positional("id", .id(.lead), "The lead to convert; or pipe leads in.", optional: true)],
        flags: [Flag("owner", .string, "Who owns the deal (default: the lead's owner, then the assignment rules)."),
                Flag("force", .bool, "Convert even a lead that screening did not qualify.")],
        input: .table, output: .table, impact: .low,
        examples: [Example("lead qualify L-1 --owner alice --force", "Convert a lead, screened or not.",
                           setup: "lead add \"杭州钢铁\" --industry manufacturing --budget 50000 --authority yes --need 3 --timeline 30")]), catalog: true) { invocation, context in
        let ids = try invocation.ids("id", of: .lead, command: "lead qualify", in: context.database).map { EntityID(.lead, $0) }
        guard !ids.isEmpty else { throw CommandError("lead qualify needs a lead id or leads piped in", argument: "id") }
        var rows: [Record] = []
        for id in ids {
            try context.checkCancelled()
            var lead = try LeadTable.require(id, in: context.database, argument: "id")
            switch lead.status {
            case .converted:
                throw CommandError("\(id) is already converted", argument: "id", hint: "see journal list \(id)")
            case .qualified: break
            case .new, .disqualified:
                guard invocation.flag("force") else {
                    throw CommandError("\(id) is \(lead.status.rawValue), not qualified", argument: "id",
                                       hint: "screen it first (lead screen \(id)), or add --force")
                }
            }
            let (owner, rule) = try OwnerAssignment.owner(for: lead, explicit: invocation.string("owner"), context: context)
            let account = lead.company ?? lead.name
            let now = Day.formatTimestamp(context.clock.now)
            if invocation.isDryRun {
                rows.append(Record([("lead", .id(id)), ("customer", .string(account)), ("owner", owner.map(Value.string) ?? .null),
                                    ("assigned by", .string(rule))]))
                continue
            }
            try context.database.execute("INSERT INTO customers (name, lead_id, created_at) VALUES (?, ?, ?)",
                                         [.text(account), .integer(id.number), .text(now)])
            let customer = EntityID(.customer, context.database.lastInsertedRowID)
            try context.database.execute(
                "INSERT INTO contacts (customer_id, name, email, phone, role, lead_id) VALUES (?, ?, ?, ?, ?, ?)",
                [.integer(customer.number), .text(lead.name), lead.email.map { .text($0) } ?? .null,
                 lead.phone.map { .text($0) } ?? .null, lead.authority == true ? .text("decision maker") : .null, .integer(id.number)])
            let contact = EntityID(.contact, context.database.lastInsertedRowID)
            try context.database.execute(
                "INSERT INTO deals (customer_id, title, stage, status, value_minor, value_currency, owner, created_at, lead_id) "
                    + "VALUES (?, ?, 'discover', 'open', ?, ?, ?, ?, ?)",
                [.integer(customer.number), .text("\(account) opportunity"), lead.budget.map { .integer($0.minorUnits) } ?? .null,
                 lead.budget.map { .text($0.currency.code) } ?? .null, owner.map { .text($0) } ?? .null, .text(now), .integer(id.number)])
            let deal = EntityID(.deal, context.database.lastInsertedRowID)
            lead.status = .converted
            if lead.owner == nil { lead.owner = owner }
            try LeadTable.update(lead, in: context.database)
            try context.database.execute("UPDATE leads SET customer_id = ?, deal_id = ? WHERE id = ?",
                                         [.integer(customer.number), .integer(deal.number), .integer(id.number)])
            let links = Record([("lead", .id(id)), ("customer", .id(customer)), ("contact", .id(contact)), ("deal", .id(deal)),
                                ("owner", owner.map(Value.string) ?? .null), ("assigned by", .string(rule))])
            try context.journal("lead.converted", subject: id, details: links)
            try context.journal("customer.created", subject: customer, details: Record([("name", .string(account)), ("from", .id(id))]))
            try context.journal("deal.created", subject: deal, details: Record([
                ("customer", .id(customer)), ("stage", .string("discover")), ("value", lead.budget.map(Value.money) ?? .null),
                ("owner", owner.map(Value.string) ?? .null), ("from", .id(id)),
            ]))
            rows.append(links)
        }
        // One lead named on the command line gives its record (`let d = (lead qualify L-1); need add $d.deal …`);
        // leads piped in give a table.
        if invocation.input == .null, rows.count == 1, let row = rows.first { return .record(row) }
        return .table(Table(rows: rows))
    }
}
