import Foundation
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

    public var commands: [Command] {
        [QuoteAddCommand.command, QuotePreviewCommand.command, QuoteListCommand.command, QuoteReviseCommand.command,
         QuoteApproveCommand.command, QuoteTransitionCommand.send, QuoteTransitionCommand.accept, QuoteTransitionCommand.reject,
         ObjectionAddCommand.command, ObjectionListCommand.command, DeliveryCheckCommand.command]
    }

    public var migrations: [Migration] { QuoteSchema.migrations }

    /// A deal may leave negotiation once a quote of it is accepted.
    public var settings: [Setting] { [QuoteStore.approvalLimitSetting] }

    public func exitCheck(_ subject: Value, context: StageContext) throws -> [String] {
        guard case .id(let deal) = subject, deal.kind == .deal else { return [] }
        let accepted = try context.database.query("SELECT count(*) AS n FROM quotes WHERE deal_id = ? AND status = 'accepted'",
                                                  [.integer(deal.number)]).first?.integer("n") ?? 0
        return accepted == 0 ? ["no accepted quote"] : []
    }
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
    ]
}
