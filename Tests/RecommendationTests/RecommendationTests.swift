import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

@Suite struct RecommendationTests {
    static let catalog = """
    lead add "宁波港务" --industry manufacturing --budget 100000; lead qualify L-1 --force
    need add D-1 "ERP integration" --priority high
    need add D-1 reporting --priority critical
    need add D-1 "mobile app" --priority low
    product add GTX-PRO "GTX Pro" --price 4821 --addresses 'erp integration,reporting' --stock 50 --lead-time 14
    product add LITE Lite --price 900 --addresses reporting --stock 0 --lead-time 30
    product add MOB "Mobile Suite" --price 250000 --addresses 'mobile app'
    product add PRN Printer --price 100 --addresses printing
    evidence add case-study "Ningbo Port" --products GTX-PRO --industries manufacturing --summary "+18% throughput"
    evidence add testimonial "Retail chain" --products GTX-PRO,LITE --industries retail
    """

    @Test func productsRankByWeightedNeedsWithEvidenceAndNotes() throws {
        let shell = try TestShell()
        try shell.run(Self.catalog)
        let rows = try shell.rows("deal recommend D-1")
        #expect(rows.map { $0["sku"]?.plainText } == ["GTX-PRO", "LITE", "MOB"])
        #expect(rows[0]["fits"] == .string("ERP integration (high), reporting (critical)"))
        #expect(rows[0]["evidence to show"] == .string("case study \"Ningbo Port\" (manufacturing, +18% throughput)"))
        #expect(rows[1]["evidence to show"] == .string("testimonial \"Retail chain\" (retail)"))
        #expect(rows[1]["notes"] == .string("made to order: 30 days"))
        #expect(rows[2]["notes"] == .string("price above the deal's value; made to order: 0 days"))
        let proposals = try shell.query("SELECT rank, reason, evidence_id FROM proposals ORDER BY rank")
        #expect(proposals.map { $0.integer("rank") } == [1, 2, 3])
        #expect(proposals.first?.integer("evidence_id") == 1)
        let journal = try shell.query("SELECT payload FROM events WHERE type = 'deal.recommended'").first?.text("payload")
        #expect(journal == #"{"products":["GTX-PRO","LITE","MOB"],"evidence":["E-1","E-2"]}"#)
    }

    @Test func limitsDryRunsAndRefusals() throws {
        let shell = try TestShell()
        try shell.run(Self.catalog)
        #expect(try shell.rows("deal recommend D-1 --limit 1 --dry-run").count == 1)
        #expect(try shell.query("SELECT count(*) AS n FROM proposals").first?.integer("n") == 0)
        try shell.run("lead add Other; lead qualify L-2 --force")
        #expect(shell.failure(of: "deal recommend D-2")?.description.contains("has no needs recorded") == true)
        try shell.run("need add D-2 teleportation")
        #expect(shell.failure(of: "deal recommend D-2")?.description.contains("no product addresses the needs of D-2") == true)
        #expect(shell.failure(of: "product add GTX-PRO Again --price 1")?.description.contains("already exists") == true)
        #expect(shell.failure(of: "product add X Y")?.description.contains("a product needs a price") == true)
        #expect(shell.failure(of: "evidence add case-study Z --products NOPE")?.description.contains("no product NOPE") == true)
    }

    @Test func theGateLetsADealIntoRecommendation() throws {
        let shell = try TestShell()
        try shell.run(Self.catalog + "\ndeal edit D-1 --budget-confirmed yes")
        #expect(try shell.run("deal advance D-1") == "D-1 → recommend\n")
        #expect(try shell.rows("deal show D-1").first?["stage"] == .string("recommend"))
    }
}
