import FunnelModel
import StageKit

/// `proposal list [D-N]`: what was proposed to deals (the `Proposal` hand-off, by whichever
/// implementation recommended), product by product, with the reason and the evidence shown; every run
/// on a deal is kept.
enum ProposalListCommand {
    static let source = """
        (SELECT p.id, p.deal_id, p.rank, pr.sku, pr.name AS product, p.reason, p.evidence_id, e.title AS evidence_title, p.proposed_at
         FROM proposed_products p JOIN products pr ON pr.id = p.product_id LEFT JOIN evidence e ON e.id = p.evidence_id) AS proposals
        """

    static let command = Command(CommandSignature(
        "proposal list",
        summary: "List the products proposed to deals (by deal recommend), with the reason and the evidence shown.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's proposals.", optional: true)],
        examples: [Example("proposal list D-1", "What was proposed to a deal, and what was shown.")]), catalog: true) { invocation, _ in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        return .relation(Relation(source: source, columns: [
            .init("deal", .id(.deal, "deal_id")), .init("rank", .integer("rank")), .init("sku", .text("sku")),
            .init("product", .text("product")), .init("fits", .text("reason")), .init("evidence", .id(.evidence, "evidence_id")),
            .init("evidence title", .text("evidence_title")), .init("proposed", .date("proposed_at")),
        ], conditions: conditions, order: "id"))
    }
}
