import FunnelModel
import StageKit

/// `need list [D-N]`: needs, most important first.
enum NeedListCommand {
    static let command = Command(CommandSignature(
        "need list",
        summary: "List needs, most important first, for one deal or all.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's needs.", optional: true)],
        examples: [Example("need list D-1", "One deal's needs.",
                           setup: "lead add Acme; lead qualify L-1 --force; need add D-1 reporting")]), catalog: true) { invocation, _ in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        return .relation(Relation(source: "needs", columns: [
            .init("id", .id(.need, "id")), .init("deal", .id(.deal, "deal_id")), .init("kind", .text("kind")),
            .init("description", .text("description")), .init("priority", .text("priority")),
        ], conditions: conditions,
           order: "CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, id"))
    }
}
