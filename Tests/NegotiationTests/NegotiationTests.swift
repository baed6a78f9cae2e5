import FunnelModel
import FunnelStore
import FunnelTestSupport
import ShellEngine
import StageHost
import StageKit
import Testing

@Suite struct NegotiationTests {
    static let setup = """
    product add GTX-PRO "GTX Pro" --price 4821 --cost 3000 --stock 5 --lead-time 14 --addresses 'erp integration'
    product add LITE "GTX Lite" --price 900 --cost 400 --stock 100 --addresses reporting
    lead add "宁波港务" --industry manufacturing --budget 200000; lead qualify L-1 --force
    need add D-1 "ERP integration" --priority high; deal edit D-1 --budget-confirmed yes
    """

    @Test func quotesNeedARecommendationOrAnOverride() throws {
        let shell = try TestShell()
        try shell.run(Self.setup)
        #expect(shell.failure(of: "quote add D-1 --line 'GTX-PRO x 20'")?.description.contains("D-1 is in discover, not negotiate") == true)
        try shell.run("deal advance D-1")
        #expect(shell.failure(of: "deal advance D-1")?.description.contains("cannot leave recommend: no product recommended yet") == true)
        try shell.run("deal recommend D-1; deal advance D-1")
        #expect(try shell.run("quote add D-1 --line 'GTX-PRO x 20 @ 4,821.00 CNY' --line 'LITE x 3 -5%' --discount 8% --valid 30day")
                == "Q-1 (D-1 v1, draft): 91,066.20 CNY, valid until 2026-03-02\n")
    }

    @Test func previewShowsExactTotalsMarginAndShipping() throws {
        let shell = try TestShell()
        try shell.run(Self.setup + "\nquote add D-1 --line 'GTX-PRO x 20' --line 'LITE x 3 -5%' --discount 8% --override")
        let rows = try shell.rows("quote preview Q-1")
        #expect(rows.map { $0["line"]?.plainText } == ["GTX-PRO", "LITE", "subtotal", "discount", "total", "margin"])
        #expect(rows[0]["amount"]?.plainText == "96,420.00 CNY")
        #expect(rows[0]["ships"]?.plainText == "2026-02-14")
        #expect(rows[1]["amount"]?.plainText == "2,565.00 CNY")
        #expect(rows[1]["ships"]?.plainText == "2026-01-31")
        #expect(rows[2]["amount"]?.plainText == "98,985.00 CNY")
        #expect(rows[3]["amount"]?.plainText == "-7,918.80 CNY")
        #expect(rows[4]["amount"]?.plainText == "91,066.20 CNY")
        #expect(rows[5]["amount"]?.plainText == "29,866.20 CNY")
        #expect(rows[5]["discount"]?.plainText == "32.79%")
    }

    @Test func largeDiscountsNeedApprovalBeforeSending() throws {
        let shell = try TestShell()
        try shell.run(Self.setup + "\nquote add D-1 --line 'LITE x 10' --discount 15% --override")
        #expect(shell.failure(of: "quote send Q-1")?.description.contains("Q-1 has a 15% discount, above the 10% limit") == true)
        try shell.run("quote approve Q-1 --by manager; quote send Q-1; quote accept Q-1")
        #expect(try shell.rows("quote list D-1").first?["status"] == .string("accepted"))
        #expect(shell.failure(of: "quote revise Q-1 --discount 5%")?.description.contains("Q-1 is accepted and cannot be revised") == true)
        try shell.run("config set negotiate.discount.limit 20%; quote add D-1 --line 'LITE x 1' --discount 15% --override; quote send Q-2")
        let types = try shell.query("SELECT type FROM events WHERE subject = 'D-1' AND slot = 'negotiate' ORDER BY id").map { $0.text("type") ?? "" }
        #expect(types == ["quote.drafted", "quote.approved", "quote.sent", "quote.accepted", "quote.drafted", "quote.sent"])
    }

    @Test func revisionsSupersedeAndQuotesExpire() throws {
        let shell = try TestShell()
        try shell.run(Self.setup + "\nquote add D-1 --line 'LITE x 10' --valid 10day --override; quote revise Q-1 --discount 5% --valid 20day")
        let quotes = try shell.rows("quote list D-1")
        #expect(quotes.map { $0["status"]?.plainText } == ["superseded", "draft"])
        #expect(quotes.map { $0["version"] } == [.int(1), .int(2)])
        let later = try TestShell(now: "2026-03-31")
        try later.run(Self.setup + "\nquote add D-1 --line 'LITE x 1' --valid 1day --override")
        // Valid for one day from 2026-03-31: still a draft today.
        #expect(try later.rows("quote list").first?["status"] == .string("draft"))
        let expired = try TestShell(now: "2026-01-31")
        try expired.run(Self.setup)
        try expired.store.transaction { db in
            try db.execute("INSERT INTO quotes (deal_id, version, status, discount_bp, valid_until, created_at) VALUES (1, 1, 'sent', 0, '2026-01-01T00:00:00Z', '2025-12-01T00:00:00Z')")
            try db.execute("INSERT INTO quote_lines (quote_id, position, product_id, quantity, unit_price_minor, currency) VALUES (1, 1, 1, 1, 100, 'CNY')")
        }
        #expect(try expired.rows("quote list | where status == expired").count == 1)
        #expect(expired.failure(of: "quote accept Q-1")?.description.contains("Q-1 is expired") == true)
    }

    @Test func objectionsAndDeliveryChecks() throws {
        let shell = try TestShell()
        try shell.run(Self.setup)
        #expect(try shell.run("objection add D-1 price \"over budget by 10%\" --response \"phased delivery\" --resolved") == "O-1 logged on D-1: price (resolved)\n")
        try shell.run("objection add D-1 delivery \"need it by June\"")
        #expect(try shell.rows("objection list D-1").map { $0["category"]?.plainText } == ["delivery", "price"])
        let late = try #require(try shell.rows("delivery check GTX-PRO 500 --by 2026-02-10").first)
        #expect(late["can ship"] == .bool(false))
        #expect(late["earliest"]?.plainText == "2026-02-14")
        #expect(try shell.rows("delivery check LITE 50 --by 2026-02-01").first?["can ship"] == .bool(true))
        #expect(shell.failure(of: "objection add D-1 weather rain")?.description.contains("is not one of price") == true)
        #expect(shell.failure(of: "quote add D-1 --line 'NOPE x 1' --override")?.description.contains("no product NOPE") == true)
        #expect(shell.failure(of: "quote add D-1 --line 'LITE 5' --override")?.description.contains("is not SKU x QUANTITY") == true)
        #expect(shell.failure(of: "quote add D-1 --line 'LITE x 1' --discount 120% --override")?.description.contains("more than 100%") == true)
    }
}
