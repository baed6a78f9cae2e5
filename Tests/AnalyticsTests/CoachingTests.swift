import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// `report coaching` on the hand-made history ("now" 2026-02-20), and the review's coaching findings.
@Suite struct CoachingTests {
    @Test func aRepIsComparedWithTheTeamInPlainSentences() throws {
        let shell = try History.shell()
        // Discounts and evidence: alice's D-1 quote 10% off, bob's D-2 quote 30% off; D-1's proposal
        // showed evidence, D-2's and D-6's did not.
        try shell.execute("""
            INSERT INTO products (id, sku, name, price_minor, price_currency) VALUES (1, 'P1', 'Pump', 100000, 'CNY');
            INSERT INTO accepted_quotes (quote_id, deal_id, discount_bp, subtotal_minor, total_minor, currency, valid_until, accepted_at, implementation) VALUES
              (1, 1, 1000, 1000000, 900000, 'CNY', '2026-03-01T00:00:00Z', '2026-01-30T00:00:00Z', 'quotes'),
              (2, 2, 3000, 500000, 350000, 'CNY', '2026-03-01T00:00:00Z', '2026-01-25T00:00:00Z', 'quotes');
            INSERT INTO proposed_products (deal_id, product_id, rank, reason, evidence_id, proposed_at, implementation) VALUES
              (1, 1, 1, 'fits', 7, '2026-01-12T00:00:00Z', 'catalog'), (2, 1, 1, 'fits', NULL, '2026-01-22T00:00:00Z', 'catalog'),
              (6, 1, 1, 'fits', NULL, '2026-02-02T00:00:00Z', 'catalog')
            """)
        #expect(AnalyticsDocFormsTests.document.contains("`report coaching --owner bob --period 2026-Q1`"))
        let rows = try shell.rows("report coaching --owner bob --period 2026-Q1")
        let findings = rows.map { ($0["area"]?.plainText ?? "") + ": " + ($0["finding"]?.plainText ?? "") + " [" + ($0["coach"]?.plainText ?? "") + "]" }
        // Q1 closed: alice won D-1 and lost D-3, bob lost D-2. Deals opened in Q1: five reached discover,
        // four went on (D-4 waits); of the four in recommend, three went on (D-2 was lost there).
        // Stays entered in Q1: discover 4, 10 and 4 days (D-2's is bob's 10); recommend 10, 11 and 4.
        #expect(findings == [
            "win rate: bob won 0% of 1 closed deal, against 33.3% for the team. [yes]",
            "conversion: Of bob's 2 deals that reached discover, 50% went on, against 80% for the team. [yes]",
            "conversion: Of bob's 1 deal that reached recommend, 0% went on, against 75% for the team. [yes]",
            "time in stage: bob's deals waited a median of 10 days in discover, against 4 for the team (2.5x). [yes]",
            "time in stage: bob's deals waited a median of 11 days in recommend, against 10 for the team (1.1x). [no]",
            "lost reasons: bob lost 100% of 1 lost deal to price, against 50% of the team's. [yes]",
            "discount: bob's 1 accepted quote gave 30% off on average, against 20% for the team. [yes]",
            "evidence: bob showed evidence for 0% of 1 deal with products proposed, against 33.3% for the team. [yes]",
        ])
        // alice: one of her two deals in negotiate went on (the team: two of three), her one loss was to
        // a competitor (half the team's); with so few deals the review would not name her (20 closed).
        let alice = try shell.rows("report coaching --owner alice --period 2026-Q1 | where coach == yes").map { $0["area"]?.plainText ?? "" }
        #expect(alice == ["conversion", "lost reasons"])
        #expect(shell.failure(of: "report coaching --owner dave --period 2026-Q1")?.description.contains("dave has no deal in 2026-Q1") == true)
        #expect(shell.failure(of: "report coaching --period 2026-Q1")?.description.contains("--owner NAME") == true)
    }

    /// A review names a rep with at least 20 closed deals who wins 10 points or more below the team or
    /// waits over 1.5x the team's median in a stage; not one with fewer deals.
    @Test func theReviewSuggestsCoachingForAWeakRepWithEnoughDeals() throws {
        let shell = try TestShell(now: "2026-04-15")
        // March: dan closes 20 deals and wins 5; erin closes 20 and wins 15; fay closes 3 and wins none.
        var deals: [String] = []
        var id = 0
        for (owner, won, closed) in [("dan", 5, 20), ("erin", 15, 20), ("fay", 0, 3)] {
            for index in 0..<closed {
                id += 1
                deals.append("(\(id), 1, 'D\(id)', 'sign', '\(index < won ? "won" : "lost")', '\(owner)', '2026-03-01T00:00:00Z', '2026-03-20T00:00:00Z', 100000, 'CNY')")
            }
        }
        try shell.execute("INSERT INTO customers (id, name, created_at) VALUES (1, 'Acme', '2026-01-01T00:00:00Z')")
        try shell.execute("INSERT INTO deals (id, customer_id, title, stage, status, owner, created_at, closed_at, value_minor, value_currency) VALUES " + deals.joined(separator: ", "))
        let findings = try shell.rows("review run --period 2026-03 | where section == coaching").map { $0["finding"]?.plainText ?? "" }
        #expect(findings == ["dan won 25% of 20 closed deals, against 46.5% for the team. (report coaching --owner dan --period 2026-03)"])
    }
}
