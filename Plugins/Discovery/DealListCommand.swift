import FunnelModel
import StageKit

/// `deal list`: every deal as a table (filters and sorts on it run as SQL).
enum DealListCommand {
    static let command = Command(CommandSignature(
        "deal list",
        summary: "List deals as a table.",
        flags: [Flag("status", .choice(["open", "won", "lost"]), "Only deals with this status.")],
        examples: [Example("deal list | where stage == discover", "Deals in discovery.",
                           setup: "lead add Acme; lead qualify L-1 --force")])
            .showing(["id", "title", "customer", "stage", "status", "value", "owner"]), catalog: true) { invocation, context in
        // Custom fields (`field add deal ...`) come after the built-in columns.
        var relation = try CustomFields.extend(DealRecords.relation(), entity: .deal, in: context.database)
        if let status = invocation.string("status") { relation.conditions.append(.init("status = ?", [.text(status)])) }
        return .relation(relation)
    }
}
