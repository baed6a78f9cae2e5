#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `recommend` by what sells: products ranked by the units won deals bought (from the accepted
/// quotes, a core hand-off), then by stock on hand; proposed through StageKit's `Proposal`, the
/// recommend slot's hand-off to negotiation.
public struct BestSellerRecommendation: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .recommend, implementation: "best-seller", summary: "What won deals bought most.", version: "1.0.0")
    }

    public var commands: [Command] {
        [Command(CommandSignature(
            "deal propose",
            summary: "Propose the best-selling products for a deal: units bought by won deals, then stock on hand.",
            positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1.")],
            flags: [Flag("limit", .int, "How many products to propose.", default: .int(3))],
            output: .table, impact: .low,
            examples: [Example("deal propose D-1 --limit 1", "The best seller.")])) { invocation, context in
            guard let deal = invocation.id("deal") else { throw CommandError("name the deal", argument: "deal") }
            let limit = invocation.int("limit") ?? 3
            guard limit > 0 else { throw CommandError("--limit must be at least 1", argument: "limit") }
            guard try !context.database.query("SELECT 1 FROM deals WHERE id = ?", [.integer(deal.number)]).isEmpty else {
                throw CommandError.notFound(deal, argument: "deal")
            }
            let ranked = try context.database.query("""
                SELECT p.id, p.sku, p.stock, coalesce(sold.units, 0) AS units FROM products p
                LEFT JOIN (SELECT l.product_id, sum(l.quantity) AS units FROM accepted_quote_lines l
                           JOIN accepted_quotes q ON q.quote_id = l.quote_id JOIN deals d ON d.id = q.deal_id
                           WHERE d.status = 'won' GROUP BY l.product_id) sold ON sold.product_id = p.id
                ORDER BY units DESC, p.stock DESC, p.sku LIMIT ?
                """, [.integer(limit)])
            guard !ranked.isEmpty else { throw CommandError("the catalog is empty", hint: "product add SKU NAME --price P") }
            var proposals: [Proposal] = [], rows: [Record] = []
            for (index, row) in ranked.enumerated() {
                let why = "\(row.integer("units") ?? 0) units sold · \(row.integer("stock") ?? 0) in stock"
                proposals.append(Proposal(deal: deal, product: EntityID(.product, row.integer("id") ?? 0), rank: Int64(index + 1), reason: why))
                rows.append(Record([("rank", .int(Int64(index + 1))), ("sku", .string(row.text("sku") ?? "")), ("why", .string(why))]))
            }
            if !invocation.isDryRun { try Proposal.record(proposals, in: context) }
            return .table(Table(rows: rows))
        }]
    }
}
