import FunnelModel
import StageKit

/// `competitor list [D-N]`: the competitors in play.
enum CompetitorListCommand {
    static let command = Command(CommandSignature(
        "competitor list",
        summary: "List the competitors in play, for one deal or all.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's competitors.", optional: true)],
        examples: [Example("competitor list | group-by name", "Whom we meet most.",
                           setup: "lead add Acme; lead qualify L-1 --force; competitor add D-1 Kingdee")])) { invocation, _ in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        return .relation(Relation(source: "competitors", columns: [
            .init("deal", .id(.deal, "deal_id")), .init("name", .text("name")), .init("notes", .text("notes")),
        ], conditions: conditions, order: "deal_id, id"))
    }
}
