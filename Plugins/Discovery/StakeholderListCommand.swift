import FunnelModel
import StageKit

/// `stakeholder list [D-N]`: the people in a deal's decision, decision makers first.
enum StakeholderListCommand {
    static let command = Command(CommandSignature(
        "stakeholder list",
        summary: "List the people involved in deals' decisions, decision makers first, for one deal or all.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's stakeholders.", optional: true)],
        examples: [Example("stakeholder list D-1", "Who decides on a deal.",
                           setup: "lead add Acme; lead qualify L-1 --force; stakeholder add D-1 王伟 --role CTO --decides")])) { invocation, _ in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        return .relation(Relation(source: "stakeholders", columns: [
            .init("deal", .id(.deal, "deal_id")), .init("name", .text("name")), .init("role", .text("role")),
            .init("decides", .bool("decides")),
        ], conditions: conditions, order: "deal_id, decides DESC, id"))
    }
}
