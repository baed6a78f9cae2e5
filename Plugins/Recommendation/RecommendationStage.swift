import FunnelModel
import StageKit



/// The `recommend` slot: the product catalog, an evidence library of case studies and testimonials,
/// and products ranked for a deal's needs with the reason for each and the evidence to show.
public struct RecommendationStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .recommend, implementation: "needs-match",
                        summary: "Rank products by the deal's needs, industry and budget, with evidence to show.",
                        version: "0.1.0", follows: .discover)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [
            CommandEntry("product add") { ProductAddCommand.command },
            CommandEntry("product edit") { ProductEditCommand.command },
            CommandEntry("product list") { ProductListCommand.command },
            CommandEntry("product import") { ProductImportCommand.command },
            CommandEntry("product alias") { ProductAliasCommand.command },
            CommandEntry("evidence add") { EvidenceAddCommand.command },
            CommandEntry("evidence list") { EvidenceListCommand.command },
            CommandEntry("deal recommend") { DealRecommendCommand.command },
            CommandEntry("proposal list") { ProposalListCommand.command },
            CommandEntry("report evidence") { EvidenceReportCommand.command },
        ]
    }


    // A deal leaves recommendation once products are proposed: the slot's gate (`StageSlot.handOffMissing`).

    public var migrations: [Migration] {
        [Migration(module: "recommendation", name: "v1", statements: [
            """
            CREATE TABLE evidence (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                products TEXT,
                industries TEXT,
                summary TEXT
            )
            """,
            """
            CREATE TABLE proposals (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL REFERENCES deals(id),
                product_id INTEGER NOT NULL REFERENCES products(id),
                rank INTEGER NOT NULL,
                reason TEXT NOT NULL,
                evidence_id INTEGER REFERENCES evidence(id),
                proposed_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX proposals_deal ON proposals(deal_id)",
        ]),
        // Proposals are handed to negotiation through the core table (`Proposal`) since core v15;
        // the ones kept here before are copied there, and this table is no longer written.
        Migration(module: "recommendation", name: "v2-hand-off-proposals", statements: [
            """
            INSERT INTO proposed_products (deal_id, product_id, rank, reason, evidence_id, proposed_at, implementation)
            SELECT deal_id, product_id, rank, reason, evidence_id, proposed_at, 'needs-match' FROM proposals ORDER BY id
            """,
            "DROP TABLE proposals",
        ])]
    }
}
