import Foundation
import FunnelModel
import FunnelStore
import FunnelTestSupport
import ShellEngine
import StageCatalog
import StageHost
import StageKit
import Testing

/// A team's own `negotiate`: no quotes of the built-in kind, just a price agreed per product. It hands
/// its agreements to signing as `AcceptedQuote`s, the contract between the two slots.
struct HandshakeNegotiation: Stage {
    var descriptor: StageDescriptor {
        StageDescriptor(slot: .negotiate, implementation: "handshake", summary: "Agree a price by handshake.", version: "1", follows: .recommend)
    }

    var commands: [Command] {
        [Command(CommandSignature(
            "quote agree", summary: "Agree a price for a product on a deal.",
            positionals: [Positional("deal", .id(.deal), "The deal."), Positional("product", .id(.product), "The product.")],
            flags: [Flag("quantity", .int, "How many."), Flag("price", .money, "The unit price.")],
            output: .nothing, impact: .low)) { invocation, context in
            guard let deal = invocation.id("deal"), let product = invocation.id("product"),
                  case .money(let price)? = invocation["price"], case .int(let quantity)? = invocation["quantity"] else {
                throw CommandError("quote agree D-N PR-N --quantity N --price AMOUNT")
            }
            // The quote's id is the contract's: the same counter the built-in quotes draw from.
            let quote = try QuoteIDs.next(in: context.database)
            try context.database.execute("INSERT INTO handshakes (deal_id) VALUES (?)", [.integer(deal.number)])
            try AcceptedQuote(quote: quote, deal: deal, lines: [.init(product: product, quantity: quantity, unitPrice: price)],
                              validUntil: context.clock.now.addingTimeInterval(30 * 86_400)).record(in: context)
            context.output.line("\(quote) agreed")
            return .null
        }]
    }

    var migrations: [Migration] {
        [Migration(module: "handshake", name: "v1", statements: ["CREATE TABLE handshakes (id INTEGER PRIMARY KEY AUTOINCREMENT, deal_id INTEGER NOT NULL)"])]
    }

    func exitCheck(_ subject: Value, context: StageContext) throws -> [String] {
        guard case .id(let deal) = subject else { return [] }
        return try AcceptedQuote.count(of: deal, in: context.database) == 0 ? ["nothing agreed"] : []
    }
}

@Suite struct HandoffTests {
    @Test func aContractIsSignedFromAnotherNegotiationsAcceptedQuote() throws {
        let shell = try TestShell(stages: StageCatalog.builtIn + [HandshakeNegotiation()])
        _ = try shell.run("lead add Acme; lead qualify L-1 --force; product add A-1 Alpha --price 100; stage use negotiate handshake")
        #expect(try shell.run("quote agree D-1 PR-1 --quantity 3 --price 90") == "Q-1 agreed\n")
        #expect(try shell.run("contract sign Q-1 --delivery 2026-03-01 --signatory 王经理 --yes")
                == "K-1 signed · D-1 won · 270.00 CNY, delivery 2026-03-01, net 30\n")
        // The built-in negotiation's tables were never written: the hand-off is all signing read.
        #expect(try shell.query("SELECT count(*) AS n FROM quotes").first?.integer("n") == 0)
        let journal = try shell.query("SELECT implementation, payload FROM events WHERE type = 'quote.accepted'")
        #expect(journal.first?.text("implementation") == "handshake")
        #expect(journal.first?.text("payload")?.contains("\"total\":{\"amount\":\"270.00\",\"currency\":\"CNY\"}") == true)
        #expect(try shell.rows("report winloss").first?["won"]?.plainText == "1")
    }

    @Test func anAcceptedQuoteIsCheckedBeforeItIsRecorded() throws {
        let shell = try TestShell(stages: StageCatalog.builtIn + [HandshakeNegotiation()])
        _ = try shell.run("lead add Acme; lead qualify L-1 --force; stage use negotiate handshake")
        #expect(shell.failure(of: "quote agree D-1 PR-1 --quantity 0 --price 90")?.description.contains("quantity 0; it must be at least 1") == true)
        #expect(shell.failure(of: "quote agree D-9 PR-1 --quantity 1 --price 90")?.description.contains("no deal D-9") == true)
        #expect(shell.failure(of: "quote agree D-1 PR-1 --quantity 1 --price 90")?.description.contains("no product PR-1") == true)
        _ = try shell.run("product add A-1 Alpha --price 100; quote agree D-1 PR-1 --quantity 1 --price 90")
        #expect(shell.failure(of: "contract sign Q-9 --delivery 2026-03-01 --signatory x --yes")?.description.contains("Q-9 is not an accepted quote") == true)
        let mixed = AcceptedQuote(quote: EntityID(.quote, 7), deal: EntityID(.deal, 1), lines: [
            .init(product: EntityID(.product, 1), quantity: 1, unitPrice: Money(minorUnits: 100, currency: .cny)),
            .init(product: EntityID(.product, 2), quantity: 1, unitPrice: Money(minorUnits: 100, currency: Currency(code: "USD")!)),
        ], validUntil: Date())
        #expect(throws: CommandError.self) { try mixed.total() }
        #expect(try shell.query("SELECT count(*) AS n FROM accepted_quotes").first?.integer("n") == 1)
    }

    /// Quotes accepted before the hand-off existed are handed off by the built-in negotiation's
    /// migration, with the amounts `AcceptedQuote` computes (half to even), and can be signed.
    @Test func quotesAndProposalsMadeBeforeTheHandOffsAreHandedOffByTheMigrations() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-handoff-\(UUID().uuidString).db").path
        let new = ["core/v14-accepted-quotes", "negotiation/v2-hand-off-accepted-quotes", "core/v15-proposed-products",
                   "recommendation/v2-hand-off-proposals", "core/v18-quote-ids", "negotiation/v3-shared-quote-ids"]
        do {
            let store = try SQLiteStore(path: path)
            try store.migrate(try StageCatalog.makeRegistry().migrations.filter { !new.contains($0.identifier) })
            try store.transaction { db in
                for sql in [
                    "INSERT INTO customers (name, created_at) VALUES ('Acme', '2026-01-01T00:00:00Z')",
                    "INSERT INTO deals (customer_id, title, stage, status, created_at) VALUES (1, 'Acme', 'negotiate', 'open', '2026-01-01T00:00:00Z')",
                    "INSERT INTO products (sku, name, price_minor, price_currency) VALUES ('A-1', 'Alpha', 5, 'CNY')",
                    "INSERT INTO quotes (deal_id, version, status, discount_bp, valid_until, created_at) VALUES (1, 1, 'accepted', 1250, '2026-03-01T00:00:00Z', '2026-01-02T00:00:00Z')",
                    "INSERT INTO quotes (deal_id, version, status, discount_bp, valid_until, created_at) VALUES (1, 2, 'sent', 0, '2026-03-01T00:00:00Z', '2026-01-03T00:00:00Z')",
                    "INSERT INTO quote_lines VALUES (1, 1, 1, 1, 5, 'CNY', 5000)",
                    "INSERT INTO quote_lines VALUES (1, 2, 1, 3, 15, 'CNY', 5000)",
                    "INSERT INTO quote_lines VALUES (1, 3, 1, 7, 1, 'CNY', 5000)",
                    "INSERT INTO quote_lines VALUES (2, 1, 1, 1, 5, 'CNY', 0)",
                    "INSERT INTO proposals (deal_id, product_id, rank, reason, evidence_id, proposed_at) VALUES (1, 1, 1, 'reporting (high)', NULL, '2026-01-02T00:00:00Z')",
                ] { try db.execute(sql) }
            }
        }
        let shell = try TestShell(path: path)
        let expected = AcceptedQuote(quote: EntityID(.quote, 1), deal: EntityID(.deal, 1), lines: [
            .init(product: EntityID(.product, 1), quantity: 1, unitPrice: Money(minorUnits: 5, currency: .cny), discountBasisPoints: 5000),
            .init(product: EntityID(.product, 1), quantity: 3, unitPrice: Money(minorUnits: 15, currency: .cny), discountBasisPoints: 5000),
            .init(product: EntityID(.product, 1), quantity: 7, unitPrice: Money(minorUnits: 1, currency: .cny), discountBasisPoints: 5000),
        ], discountBasisPoints: 1250, validUntil: try Day.parse("2026-03-01T00:00:00Z"))
        let handed = try shell.store.transaction { try AcceptedQuote.find(EntityID(.quote, 1), in: $0) }
        #expect(handed == expected)
        // 2.5 → 2, 22.5 → 22, 3.5 → 4: 28, less 12.5%: 24.5 → 24.
        let stored = try #require(try shell.query("SELECT subtotal_minor, total_minor FROM accepted_quotes").first)
        #expect(stored.integer("subtotal_minor") == 28)
        #expect(stored.integer("total_minor") == 24)
        #expect(try expected.total().minorUnits == 24)
        #expect(try shell.query("SELECT amount_minor FROM accepted_quote_lines ORDER BY position").map { $0.integer("amount_minor") } == [2, 22, 4])
        #expect(try shell.query("SELECT count(*) AS n FROM accepted_quotes WHERE quote_id = 2").first?.integer("n") == 0)
        // The quote counter starts above the quotes numbered before it: the next draft is Q-3.
        #expect(try shell.run("quote add D-1 --line 'A-1 x 1' --override").hasPrefix("Q-3 "))
        #expect(try shell.run("contract sign Q-1 --delivery 2026-03-01 --signatory x --yes").hasPrefix("K-1 signed · D-1 won · 0.24 CNY"))
        // The built-in recommendation's proposals were handed off too, and its own table is gone.
        #expect(try shell.rows("proposal list D-1").map { $0["fits"]?.plainText ?? "" } == ["reporting (high)"])
        #expect(try shell.query("SELECT count(*) AS n FROM sqlite_master WHERE name = 'proposals'").first?.integer("n") == 0)
    }
}
