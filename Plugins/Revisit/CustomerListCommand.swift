import FunnelModel
import StageKit

/// `customer list`: every customer (made by `lead qualify`, `deal import` or `invoice import`), with its
/// tier and deals, and its custom fields (`field add customer segment string`) after them.
enum CustomerListCommand {
    static func deals(_ status: String) -> String {
        "(SELECT count(*) FROM deals d WHERE d.customer_id = customers.id AND d.status = '\(status)')"
    }

    static let command = Command(CommandSignature(
        "customer list",
        summary: "List customers with their tier and how many deals are open, won and lost.",
        examples: [Example("customer list | where won > 0", "Customers who have bought.",
                           setup: "lead add Acme; lead qualify L-1 --force")])
            .showing(["id", "name", "tier", "open", "won", "lost"]), catalog: true) { _, context in
        .relation(try CustomFields.extend(Relation(source: "customers", columns: [
            .init("id", .id(.customer, "id")), .init("name", .text("name")), .init("tier", .text("tier")),
            .init("lead", .id(.lead, "lead_id")), .init("open", .integer(deals("open"))), .init("won", .integer(deals("won"))),
            .init("lost", .integer(deals("lost"))), .init("created", .date("created_at")),
        ], order: "id"), entity: .customer, in: context.database))
    }
}
