import Foundation
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
    public static let recordedSlots: [StageSlot] = [.screen, .recommend, .payment]

    /// The latest decision recorded about each subject in `slot`, in subject order:
    /// - screen: each screened lead's verdict (a converted lead counts as qualified);
    /// - recommend: the first product proposed in each deal's latest run of proposals;
    /// - payment: the dunning level each reminded invoice reached last (`DunningReminder`).
    public static func recorded(in slot: StageSlot, database: any SQLDatabase) throws -> [Decision] {
        switch slot {
        case .screen:
            let by = try database.query("""
                SELECT subject, implementation FROM events
                WHERE id IN (SELECT max(id) FROM events WHERE type = 'lead.screened' GROUP BY subject)
                """)
            var implementation: [String: String] = [:]
            for row in by { implementation[row.text("subject") ?? ""] = row.text("implementation") ?? "" }
            return try database.query("SELECT id, status FROM leads WHERE status IN ('qualified', 'converted', 'disqualified') ORDER BY id").map { row in
                let lead = EntityID(.lead, row.integer("id") ?? 0)
                return Decision(subject: lead, slot: .screen, implementation: implementation[lead.description] ?? "",
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
        case .payment:
            return try dunningLevels(in: database)
        default:
            return []
        }
    }
}
