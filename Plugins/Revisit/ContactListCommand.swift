import FunnelModel
import StageKit

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
