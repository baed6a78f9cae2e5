import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// `review replay`: the fit scorer run over a fixed history whose answer follows from its rules
/// (industry 40 if targeted, budget 30 × share of 100,000 CNY, need 30 × level / 3; threshold 50).
@Suite struct ReplayTests {
    @Test func theFitScorerOverRecordedDecisionsWithAKnownAnswer() throws {
        let shell = try TestShell(now: "2026-03-01")
        try shell.execute("""
            PRAGMA defer_foreign_keys = ON;
            INSERT INTO customers (id, name, created_at) VALUES (1, 'Shop', '2026-01-01T00:00:00Z'), (2, 'Nobody', '2026-01-01T00:00:00Z');
            INSERT INTO deals (id, customer_id, title, stage, status, created_at, lead_id) VALUES
              (1, 1, 'Shop deal', 'sign', 'won', '2026-01-02T00:00:00Z', 2), (2, 2, 'Nobody deal', 'recommend', 'lost', '2026-01-02T00:00:00Z', 3);
            INSERT INTO leads (id, name, industry, budget_minor, budget_currency, need, status, created_at, deal_id) VALUES
              (1, 'Steelworks', 'manufacturing', 20000000, 'CNY', 3, 'disqualified', '2026-01-01T00:00:00Z', NULL),
              (2, 'Shop', 'retail', 5000000, 'CNY', 1, 'converted', '2026-01-01T00:00:00Z', 1),
              (3, 'Nobody', NULL, 1000000, 'CNY', 0, 'converted', '2026-01-01T00:00:00Z', 2),
              (4, 'Undecided', 'retail', 9000000, 'CNY', 3, 'new', '2026-01-01T00:00:00Z', NULL)
            """)
        let events = try shell.query("SELECT count(*) AS n FROM events").first?.integer("n")
        let rows = try shell.rows("review replay screen fit")
        #expect(rows.map { $0["lead"]?.plainText ?? "" } == ["L-1", "L-2", "L-3"])
        #expect(rows.map { $0["happened"]?.plainText ?? "" } == ["disqualified", "qualified", "qualified"])
        // 40 + 30 + 30; 40 + 15 + 10; 0 + 3 + 0.
        #expect(rows.map { $0["score"]?.plainText ?? "" } == ["100", "65", "3"])
        #expect(rows.map { $0["would"]?.plainText ?? "" } == ["qualified", "qualified", "disqualified"])
        #expect(rows.map { $0["outcome"]?.plainText ?? "" } == ["no deal", "won", "lost"])
        #expect(shell.output.notes.last == "screen fit agrees on 1 of 3 decided leads; it would have qualified 1 disqualified (1 no deal) "
            + "and disqualified 1 qualified (1 lost); nothing was changed")
        #expect(try shell.rows("review replay screen fit --differences").map { $0["lead"]?.plainText ?? "" } == ["L-1", "L-3"])
        // Nothing changed: the recorded decisions, scores and journal are as they were.
        #expect(try shell.query("SELECT status FROM leads ORDER BY id").map { $0.text("status") ?? "" } == ["disqualified", "converted", "converted", "new"])
        #expect(try shell.query("SELECT count(*) AS n FROM leads WHERE score IS NOT NULL").first?.integer("n") == 0)
        #expect(try shell.query("SELECT count(*) AS n FROM events").first?.integer("n") == events)
        #expect(try shell.rows("stage list | where slot == screen | where active").first?["implementation"]?.plainText == "bant")
        #expect(shell.failure(of: "review replay screen nope")?.description.contains("no screen implementation nope") == true)
        #expect(shell.failure(of: "review replay capture manual")?.description.contains("capture cannot be replayed") == true)
    }

    /// `review replay negotiate`: the built-in quotes, which would quote list prices with no discount,
    /// over three accepted quotes: one 12% off (won), one with a line below list (open), one at list
    /// price (lost). The recorded prices are the hand-off's (`Decision.agreedPrices`).
    @Test func theBuiltInQuotesOverAgreedPricesWithAKnownAnswer() throws {
        let shell = try TestShell()
        _ = try shell.run("""
            lead add A; lead qualify L-1 --force; lead add B; lead qualify L-2 --force; lead add C; lead qualify L-3 --force
            product add GTX-PRO "GTX Pro" --price 4821 --cost 3000; product add SVC Service --price 1000
            quote add D-1 --line 'GTX-PRO x 20' --discount 12% --override; quote approve Q-1 --by m; quote send Q-1; quote accept Q-1
            contract sign Q-1 --delivery 2026-03-01 --signatory x --yes
            quote add D-2 --line 'GTX-PRO x 2' --line 'SVC x 3 @ 900' --override; quote send Q-2; quote accept Q-2
            quote add D-3 --line 'SVC x 1' --override; quote send Q-3; quote accept Q-3; deal lose D-3 --reason timing
            """)
        let events = try shell.query("SELECT count(*) AS n FROM events").first?.integer("n")
        let rows = try shell.rows("review replay negotiate quotes")
        #expect(rows.map { $0["deal"]?.plainText ?? "" } == ["D-1", "D-2", "D-3"])
        #expect(rows.map { $0["agreed"]?.plainText ?? "" } == ["84,849.60 CNY", "12,342.00 CNY", "1,000.00 CNY"])
        #expect(rows.map { $0["would"]?.plainText ?? "" } == ["96,420.00 CNY", "12,642.00 CNY", "1,000.00 CNY"])
        #expect(rows.map { $0["difference"]?.plainText ?? "" } == ["11,570.40 CNY", "300.00 CNY", "0.00 CNY"])
        // 300 of 12,642 list is 2.37% off.
        #expect(rows.map { $0["off list"]?.plainText ?? "" } == ["12%", "2.37%", "0%"])
        #expect(rows.map { $0["would off list"]?.plainText ?? "" } == ["0%", "0%", "0%"])
        #expect(rows.map { $0["outcome"]?.plainText ?? "" } == ["won", "open", "lost"])
        #expect(rows.map { $0["agrees"]?.plainText ?? "" } == ["false", "false", "true"])
        #expect(rows[0]["agreed terms"]?.plainText == "GTX-PRO 20 × 4,821.00 CNY · quote -12%")
        #expect(rows[1]["agreed terms"]?.plainText == "GTX-PRO 2 × 4,821.00 CNY, SVC 3 × 900.00 CNY")
        #expect(rows[1]["would terms"]?.plainText == "GTX-PRO 2 × 4,821.00 CNY, SVC 3 × 1,000.00 CNY")
        #expect(shell.output.notes.last == "negotiate quotes would quote the same total for 1 of 3 deals (0 of the 1 won), more for 2 and less for 0; nothing was changed")
        #expect(try shell.rows("review replay negotiate quotes --differences").map { $0["deal"]?.plainText ?? "" } == ["D-1", "D-2"])
        // Nothing changed, not even the quote counter: the next draft is Q-4.
        #expect(try shell.query("SELECT count(*) AS n FROM events").first?.integer("n") == events)
        #expect(try shell.run("quote add D-2 --line 'SVC x 1' --override").hasPrefix("Q-4 "))
        #expect(shell.failure(of: "review replay negotiate nope")?.description.contains("no negotiate implementation nope") == true)
    }

    /// The built-in `quote preview` prices lines piped in as `quote add` drafts them: list prices, no discount.
    @Test func theBuiltInQuotePreviewPricesLinesPipedIn() throws {
        let shell = try TestShell()
        _ = try shell.run("lead add A; lead qualify L-1 --force; lead add B; lead qualify L-2 --force; product add GTX-PRO \"GTX Pro\" --price 4821 --cost 3000")
        let rows = try shell.rows("[{deal: D-1, product: PR-1, quantity: 20}] | quote preview")
        #expect(rows.map { $0["line"]?.plainText ?? "" } == ["GTX-PRO", "subtotal", "discount", "total", "margin"])
        #expect(rows.first { $0["line"]?.plainText == "total" }?["amount"]?.plainText == "96,420.00 CNY")
        #expect(rows.first?["unit price"]?.plainText == "4,821.00 CNY")
        // It stores nothing.
        #expect(try shell.query("SELECT count(*) AS n FROM quotes").first?.integer("n") == 0)
        #expect(shell.failure(of: "[{deal: D-1, product: PR-1, quantity: 2}, {deal: D-2, product: PR-1, quantity: 1}] | quote preview")?
            .description.contains("line 2 is for D-2, the lines before for D-1: one quote is for one deal") == true)
        #expect(shell.failure(of: "[{deal: D-1, product: PR-1, quantity: 0}] | quote preview")?.description.contains("quantity must be a whole number of 1 or more") == true)
        #expect(shell.failure(of: "[{deal: D-1, product: PR-7, quantity: 1}] | quote preview")?.description.contains("no product PR-7") == true)
        #expect(shell.failure(of: "[{deal: D-1, quantity: 1}] | quote preview")?.description.contains("line 1: product must be a product id such as PR-1") == true)
        #expect(shell.failure(of: "quote preview")?.description.contains("quote preview needs a quote, or lines piped in") == true)
    }
}
