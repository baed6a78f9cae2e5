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
}
