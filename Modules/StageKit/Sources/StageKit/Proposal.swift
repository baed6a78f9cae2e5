#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// The hand-off from `recommend` to `negotiate`: a product proposed for a deal, why, and the evidence
/// shown with it. Whatever implementation recommends records its proposals; the gate out of
/// `recommend` asks for one, and reports of what was proposed read them, whichever implementation is
/// active.
///
/// Stored in the core table `proposed_products`; `record(_:in:)` checks a run of proposals and
/// journals `deal.recommended` on the deal.
public struct Proposal: Sendable, Equatable {
    public var deal: EntityID
    public var product: EntityID
    /// 1 for the first choice.
    public var rank: Int64
    /// Why it fits: the needs it addresses.
    public var reason: String
    /// The case study or testimonial shown with it (an id of the evidence library), if any.
    public var evidence: EntityID?

    public init(deal: EntityID, product: EntityID, rank: Int64, reason: String, evidence: EntityID? = nil) {
        self.deal = deal
        self.product = product
        self.rank = rank
        self.reason = reason
        self.evidence = evidence
    }

    /// Checks one run of proposals for one deal (an existing deal, existing products, ranks from 1),
    /// stores them and journals `deal.recommended` with the products' SKUs and the evidence shown.
    public static func record(_ proposals: [Proposal], in context: StageContext) throws {
        guard let deal = proposals.first?.deal else { return }
        let database = context.database
        guard proposals.allSatisfy({ $0.deal == deal }) else { throw CommandError("one run of proposals is for one deal") }
        if let slot = context.stage?.slot, slot != .recommend {
            throw CommandError("a proposal is recommend's hand-off; \(slot) cannot record one")
        }
        guard try !database.query("SELECT 1 FROM deals WHERE id = ?", [.integer(deal.number)]).isEmpty else { throw CommandError.notFound(deal) }
        var skus: [Value] = []
        for proposal in proposals {
            guard proposal.product.kind == .product else { throw CommandError("\(proposal.product) is not a product") }
            guard proposal.rank >= 1 else { throw CommandError("a proposal's rank starts at 1, not \(proposal.rank)") }
            if let evidence = proposal.evidence, evidence.kind != .evidence { throw CommandError("\(evidence) is not evidence") }
            guard let sku = try database.query("SELECT sku FROM products WHERE id = ?", [.integer(proposal.product.number)]).first?.text("sku") else {
                throw CommandError.notFound(proposal.product)
            }
            skus.append(.string(sku))
        }
        let now = Day.formatTimestamp(context.clock.now)
        for proposal in proposals {
            try database.execute(
                "INSERT INTO proposed_products (deal_id, product_id, rank, reason, evidence_id, proposed_at, implementation) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [.integer(deal.number), .integer(proposal.product.number), .integer(proposal.rank), .text(proposal.reason),
                 proposal.evidence.map { .integer($0.number) } ?? .null, .text(now), .text(context.stage?.implementation ?? "")])
        }
        try context.journal("deal.recommended", subject: deal, details: Record([
            ("products", .list(skus)), ("evidence", .list(proposals.compactMap { $0.evidence.map(Value.id) })),
        ]))
    }

    /// How many products were proposed for `deal`.
    public static func count(of deal: EntityID, in database: any SQLDatabase) throws -> Int64 {
        try database.query("SELECT count(*) AS n FROM proposed_products WHERE deal_id = ?", [.integer(deal.number)]).first?.integer("n") ?? 0
    }

    /// The core table and its index (core migration v15). `evidence_id` names an item of whichever
    /// evidence library is in use, by id.
    static let schema = [
        """
        CREATE TABLE proposed_products (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            deal_id INTEGER NOT NULL REFERENCES deals(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            rank INTEGER NOT NULL,
            reason TEXT NOT NULL,
            evidence_id INTEGER,
            proposed_at TEXT NOT NULL,
            implementation TEXT NOT NULL
        )
        """,
        "CREATE INDEX proposed_products_deal ON proposed_products(deal_id)",
    ]
}
