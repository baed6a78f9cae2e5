import FunnelModel
import StageKit

/// `customer list`: every customer (made by `lead qualify` or `deal import`), with its tier and deals.
enum CustomerListCommand {
    static func deals(_ status: String) -> String {
        "(SELECT count(*) FROM deals d WHERE d.customer_id = customers.id AND d.status = '\(status)')"
    }

    static let command = Command(CommandSignature(
        "customer list",
        summary: "List customers with their tier and how many deals are open, won and lost.",
        examples: [Example("customer list | where won > 0", "Customers who have bought.",
                           setup: "lead add Acme; lead qualify L-1 --force")]), catalog: true) { _, _ in
        .relation(Relation(source: "customers", columns: [
            .init("id", .id(.customer, "id")), .init("name", .text("name")), .init("tier", .text("tier")),
            .init("lead", .id(.lead, "lead_id")), .init("open", .integer(deals("open"))), .init("won", .integer(deals("won"))),
            .init("lost", .integer(deals("lost"))), .init("created", .date("created_at")),
        ], order: "id"))
    }
}

/// `customer show C-N`: one customer with its contacts and deals.
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
        return .record(Record([
            ("id", .id(id)), ("name", .string(row.text("name") ?? "")), ("tier", row.text("tier").map(Value.string) ?? .null),
            ("lead", row.integer("lead_id").map { .id(EntityID(.lead, $0)) } ?? .null),
            ("created", row.text("created_at").flatMap { try? Day.parse($0) }.map(Value.date) ?? .null),
            ("contacts", .list(contacts.map(Value.string))), ("deals", .list(deals.map(Value.string))),
        ]))
    }
}

/// `contact list [C-N]`: the people at customers.
enum ContactListCommand {
    static let command = Command(CommandSignature(
        "contact list",
        summary: "List the contacts at customers, for one customer or all.",
        positionals: [Positional("customer", .id(.customer), "Only this customer's contacts.", optional: true)],
        examples: [Example("contact list | where role == \"decision maker\"", "The people who decide.",
                           setup: "lead add Acme --authority yes; lead qualify L-1 --force")]), catalog: true) { invocation, _ in
        var conditions: [Relation.Fragment] = []
        if let customer = invocation.id("customer") { conditions.append(.init("customer_id = ?", [.integer(customer.number)])) }
        return .relation(Relation(source: "contacts", columns: [
            .init("id", .id(.contact, "id")), .init("customer", .id(.customer, "customer_id")), .init("name", .text("name")),
            .init("role", .text("role")), .init("email", .text("email")), .init("phone", .text("phone")),
        ], conditions: conditions, order: "id"))
    }
}
