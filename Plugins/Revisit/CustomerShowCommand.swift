import FunnelModel
import StageKit

/// `customer show C-N`: one customer with its contacts and deals, then its custom fields.
enum CustomerShowCommand {
    static let command = Command(CommandSignature(
        "customer show",
        summary: "Show a customer with its contacts and deals.",
        positionals: [Positional("customer", .id(.customer), "The customer, e.g. C-1.")],
        output: .any,
        examples: [Example("customer show C-1", "One customer.", setup: "lead add Acme --email a@acme.cn; lead qualify L-1 --force")]), catalog: true) { invocation, context in
        guard let id = invocation.id("customer") else { throw CommandError("customer show needs a customer id", argument: "customer") }
        guard let row = try context.database.query("SELECT name, tier, lead_id, created_at FROM customers WHERE id = ?",
                                                   [.integer(id.number)]).first else {
            throw CommandError.notFound(id, argument: "customer")
        }
        let contacts = try context.database.query("SELECT id, name, email, phone, role FROM contacts WHERE customer_id = ? ORDER BY id",
                                                  [.integer(id.number)]).map { contact in
            [contact.text("name"), contact.text("role"), contact.text("email"), contact.text("phone")].compactMap { $0 }.joined(separator: ", ")
        }
        let deals = try context.database.query("SELECT id, stage, status FROM deals WHERE customer_id = ? ORDER BY id",
                                               [.integer(id.number)]).map { deal in
            "D-\(deal.integer("id") ?? 0) \(deal.text("status") ?? "") (\(deal.text("stage") ?? ""))"
        }
        var record = Record([
            ("id", .id(id)), ("name", .string(row.text("name") ?? "")), ("tier", row.text("tier").map(Value.string) ?? .null),
            ("lead", row.integer("lead_id").map { .id(EntityID(.lead, $0)) } ?? .null),
            ("created", row.text("created_at").flatMap { try? Day.parse($0) }.map(Value.date) ?? .null),
            ("contacts", .list(contacts.map(Value.string))), ("deals", .list(deals.map(Value.string))),
        ])
        for (name, value) in try CustomFields.values(of: .customer, record: id.number, in: context.database) { record[name] = value }
        return .record(record)
    }
}
