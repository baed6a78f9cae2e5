#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// A slot's decision about one subject: who decided what, by which implementation, and why. The
/// deciding slots record theirs as they work (screening a lead, proposing products for a deal), and
/// `review replay` sets another implementation's decisions beside them before anyone switches.
public struct Decision: Sendable, Equatable {
    public var subject: EntityID
    public var slot: StageSlot
    /// The implementation that decided; empty when history does not say.
    public var implementation: String
    /// What was decided, in a word: `qualified`, the SKU of the first product proposed, a dunning level (`2`).
    public var decision: String
    public var reason: String?

    public init(subject: EntityID, slot: StageSlot, implementation: String, decision: String, reason: String? = nil) {
        self.subject = subject
        self.slot = slot
        self.implementation = implementation
        self.decision = decision
        self.reason = reason
    }

    /// The slots whose decisions are recorded, and so can be replayed.
    public static let recordedSlots: [StageSlot] = [.screen, .recommend, .negotiate, .payment]

    /// The latest decision recorded about each subject in `slot`, in subject order:
    /// - screen: each screened lead's verdict (a converted lead counts as qualified);
    /// - recommend: the first product proposed in each deal's latest run of proposals;
    /// - negotiate: the total of each deal's latest accepted quote (`agreedPrices(in:)` has its lines).
    /// - payment: the dunning level each reminded invoice reached last (`DunningReminder`).
    public static func recorded(in slot: StageSlot, database: any SQLDatabase) throws -> [Decision] {
        switch slot {
        case .screen:
            // Who screened each lead last: a screening run's row (`DecisionRun`), or an event journaled
            // per lead before core v26 (or by a stage that journals its own), whichever came later.
            var by = try DecisionRun.latest("lead.screened", in: database)
            for row in try database.query("""
                SELECT id, subject, implementation FROM events
                WHERE id IN (SELECT max(id) FROM events WHERE type = 'lead.screened' GROUP BY subject)
                """) {
                guard let lead = row.text("subject").flatMap({ EntityID(parsing: $0, as: .lead) }), let event = row.integer("id"),
                      event > by[lead.number]?.event ?? 0 else { continue }
                by[lead.number] = (event, row.text("implementation") ?? "")
            }
            return try database.query("SELECT id, status FROM leads WHERE status IN ('qualified', 'converted', 'disqualified') ORDER BY id").map { row in
                let lead = EntityID(.lead, row.integer("id") ?? 0)
                return Decision(subject: lead, slot: .screen, implementation: by[lead.number]?.implementation ?? "",
                                decision: row.text("status") == "disqualified" ? "disqualified" : "qualified")
            }
        case .recommend:
            return try database.query("""
                SELECT p.deal_id, pr.sku, p.reason, p.implementation FROM proposed_products p JOIN products pr ON pr.id = p.product_id
                WHERE p.id IN (SELECT max(id) FROM proposed_products WHERE rank = 1 GROUP BY deal_id) ORDER BY p.deal_id
                """).map { row in
                Decision(subject: EntityID(.deal, row.integer("deal_id") ?? 0), slot: .recommend, implementation: row.text("implementation") ?? "",
                         decision: row.text("sku") ?? "", reason: row.text("reason"))
            }
        case .negotiate:
            return try agreedPrices(in: database).map(\.decision)
        case .payment:
            return try dunningLevels(in: database)
        default:
            return []
        }
    }
}

extension Decision {
    /// negotiate's decision about a deal: the price its latest accepted quote was agreed at, from the
    /// hand-off tables (`accepted_quotes`, `accepted_quote_lines`), whichever implementation negotiated.
    public struct AgreedPrice: Sendable, Equatable {
        /// The accepted quote: its lines' products, quantities, unit prices and discounts, and the
        /// quote's own discount.
        public var quote: AcceptedQuote
        /// What the customer agreed to pay, as recorded.
        public var total: Money
        /// The implementation that negotiated it.
        public var implementation: String

        /// An agreed price: the accepted quote, its recorded total and who negotiated it.
        public init(quote: AcceptedQuote, total: Money, implementation: String) {
            self.quote = quote
            self.total = total
            self.implementation = implementation
        }

        /// The decision in a word: the deal, and its total as the decision.
        public var decision: Decision {
            Decision(subject: quote.deal, slot: .negotiate, implementation: implementation, decision: total.description,
                     reason: quote.quote.description)
        }
    }

    /// The latest accepted quote of each deal (by when it was accepted, then by id), in deal order.
    public static func agreedPrices(in database: any SQLDatabase) throws -> [AgreedPrice] {
        var latest: [Int64: SQLRow] = [:]
        for row in try database.query("SELECT quote_id, deal_id, total_minor, currency, implementation FROM accepted_quotes ORDER BY accepted_at, quote_id") {
            latest[row.integer("deal_id") ?? 0] = row
        }
        return try latest.keys.sorted().compactMap { deal -> AgreedPrice? in
            guard let row = latest[deal], let currency = row.text("currency").flatMap(Currency.init(code:)),
                  let quote = try AcceptedQuote.find(EntityID(.quote, row.integer("quote_id") ?? 0), in: database) else { return nil }
            return AgreedPrice(quote: quote, total: Money(minorUnits: row.integer("total_minor") ?? 0, currency: currency),
                               implementation: row.text("implementation") ?? "")
        }
    }
}
