#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit



/// The `negotiate` slot: quotes with line items, versions, validity and approval of large discounts;
/// objections and how they were answered; whether an order can ship by a date.
public struct NegotiationStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .negotiate, implementation: "quotes",
                        summary: "Quote, approve discounts, answer objections and check delivery dates.",
                        version: "0.1.0", follows: .recommend)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [
            CommandEntry("quote add") { QuoteAddCommand.command },
            CommandEntry("quote preview") { QuotePreviewCommand.command },
            CommandEntry("quote list") { QuoteListCommand.command },
            CommandEntry("quote revise") { QuoteReviseCommand.command },
            CommandEntry("quote approve") { QuoteApproveCommand.command },
            CommandEntry("quote send") { QuoteTransitionCommand.send },
            CommandEntry("quote accept") { QuoteTransitionCommand.accept },
            CommandEntry("quote reject") { QuoteTransitionCommand.reject },
            CommandEntry("objection add") { ObjectionAddCommand.command },
            CommandEntry("objection list") { ObjectionListCommand.command },
            CommandEntry("delivery check") { DeliveryCheckCommand.command },
        ]
    }

    public var migrations: [Migration] { QuoteSchema.migrations }

    public var settings: [Setting] { [QuoteStore.approvalLimitSetting] }

    // A deal leaves negotiation once a quote of it is accepted: the slot's gate (`StageSlot.handOffMissing`).
}

/// The negotiate stage's tables.
enum QuoteSchema {
    static let migrations = [
        Migration(module: "negotiation", name: "v1", statements: [
            """
            CREATE TABLE quotes (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL REFERENCES deals(id),
                version INTEGER NOT NULL,
                status TEXT NOT NULL,
                discount_bp INTEGER NOT NULL DEFAULT 0,
                valid_until TEXT NOT NULL,
                terms TEXT,
                approved_by TEXT,
                reason TEXT,
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX quotes_deal ON quotes(deal_id)",
            """
            CREATE TABLE quote_lines (
                quote_id INTEGER NOT NULL REFERENCES quotes(id),
                position INTEGER NOT NULL,
                product_id INTEGER NOT NULL REFERENCES products(id),
                quantity INTEGER NOT NULL,
                unit_price_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                discount_bp INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (quote_id, position)
            )
            """,
            """
            CREATE TABLE objections (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL REFERENCES deals(id),
                category TEXT NOT NULL,
                text TEXT NOT NULL,
                response TEXT,
                resolved INTEGER NOT NULL DEFAULT 0,
                raised_at TEXT NOT NULL
            )
            """,
        ]),
        // Quotes accepted before the hand-off existed are handed off now, with the amounts
        // `AcceptedQuote` computes (half to even), so contracts can still be signed from them.
        Migration(module: "negotiation", name: "v2-hand-off-accepted-quotes", statements: [
            """
            WITH amounts AS (
                SELECT l.quote_id, \(halfEven("l.quantity * l.unit_price_minor * (10000 - l.discount_bp)")) AS amount
                FROM quote_lines l JOIN quotes q ON q.id = l.quote_id WHERE q.status = 'accepted'
            ), sums AS (
                SELECT quote_id, sum(amount) AS subtotal FROM amounts GROUP BY quote_id
            ), totals AS (
                SELECT q.id, q.deal_id, q.discount_bp, q.valid_until, q.created_at, s.subtotal, s.subtotal * (10000 - q.discount_bp) AS t
                FROM quotes q JOIN sums s ON s.quote_id = q.id
            )
            INSERT INTO accepted_quotes (quote_id, deal_id, discount_bp, subtotal_minor, total_minor, currency, valid_until, accepted_at, implementation)
            SELECT id, deal_id, discount_bp, subtotal, \(halfEven("t")),
                   (SELECT currency FROM quote_lines WHERE quote_id = totals.id ORDER BY position LIMIT 1), valid_until,
                   coalesce((SELECT max(at) FROM events WHERE type = 'quote.accepted' AND json_extract(payload, '$.quote') = 'Q-' || totals.id),
                            created_at),
                   'quotes'
            FROM totals
            """,
            """
            INSERT INTO accepted_quote_lines (quote_id, position, product_id, quantity, unit_price_minor, discount_bp, amount_minor)
            SELECT l.quote_id, l.position, l.product_id, l.quantity, l.unit_price_minor, l.discount_bp,
                   \(halfEven("l.quantity * l.unit_price_minor * (10000 - l.discount_bp)"))
            FROM quote_lines l JOIN accepted_quotes a ON a.quote_id = l.quote_id
            """,
        ]),
        // Quote ids come from the core counter every negotiate implementation draws from (`QuoteIDs`):
        // it starts above the quotes numbered before it existed.
        Migration(module: "negotiation", name: "v3-shared-quote-ids", statements: [
            """
            UPDATE id_counters SET last = (SELECT max(id) FROM quotes)
            WHERE kind = 'quote' AND last < (SELECT coalesce(max(id), 0) FROM quotes)
            """,
        ]),
    ]

    /// SQL for `x / 10000` rounded half to even, as `Money.scaled(by:over:)` rounds.
    static func halfEven(_ x: String) -> String {
        "(\(x)) / 10000 + CASE WHEN abs((\(x)) % 10000) * 2 > 10000 OR (abs((\(x)) % 10000) * 2 = 10000 AND ((\(x)) / 10000) % 2 != 0) "
            + "THEN (CASE WHEN (\(x)) < 0 THEN -1 ELSE 1 END) ELSE 0 END"
    }
}
