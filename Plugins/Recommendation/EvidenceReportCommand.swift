#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// `report evidence`: for each case study and testimonial, the deals it was shown on (proposed by
/// `deal recommend`) and how they ended, against deals recommended without evidence, so a team sees
/// which evidence goes with winning.
enum EvidenceReportCommand {
    static let definition = "win rate = won / (won + lost) among the deals it was shown on; open deals are not counted"

    static let command = Command(CommandSignature(
        "report evidence",
        summary: "Which evidence was shown on deals later won or lost: deals, won, lost, open and win rate per case study or testimonial.",
        examples: [Example("report evidence | sort-by \"win rate\" --reverse", "The evidence that goes with winning first.")])) { _, context in
        let perEvidence = try context.database.query("""
            WITH shown AS (SELECT DISTINCT evidence_id, deal_id FROM proposed_products WHERE evidence_id IS NOT NULL)
            SELECT e.id, e.kind, e.title, count(d.id) AS deals,
                   coalesce(sum(CASE WHEN d.status = 'won' THEN 1 ELSE 0 END), 0) AS won, coalesce(sum(CASE WHEN d.status = 'lost' THEN 1 ELSE 0 END), 0) AS lost
            FROM evidence e LEFT JOIN shown s ON s.evidence_id = e.id LEFT JOIN deals d ON d.id = s.deal_id
            GROUP BY e.id ORDER BY e.id
            """)
        let without = try context.database.query("""
            SELECT count(*) AS deals, coalesce(sum(CASE WHEN status = 'won' THEN 1 ELSE 0 END), 0) AS won, coalesce(sum(CASE WHEN status = 'lost' THEN 1 ELSE 0 END), 0) AS lost FROM deals
            WHERE id IN (SELECT deal_id FROM proposed_products) AND id NOT IN (SELECT deal_id FROM proposed_products WHERE evidence_id IS NOT NULL)
            """).first
        var rows = perEvidence.map { row in
            record(evidence: row.integer("id").map { .id(EntityID(.evidence, $0)) } ?? .null, kind: row.text("kind") ?? "",
                   title: row.text("title") ?? "", row)
        }
        if let without, (without.integer("deals") ?? 0) > 0 {
            rows.append(record(evidence: .null, kind: "", title: "(none shown)", without))
        }
        context.output.note(definition)
        return .table(Table(columns: ["evidence", "kind", "title", "deals", "won", "lost", "open", "win rate"], rows: rows))
    }

    static func record(evidence: Value, kind: String, title: String, _ row: SQLRow) -> Record {
        let deals = row.integer("deals") ?? 0, won = row.integer("won") ?? 0, lost = row.integer("lost") ?? 0
        return Record([
            ("evidence", evidence), ("kind", kind.isEmpty ? .null : .string(kind)), ("title", .string(title)),
            ("deals", .int(deals)), ("won", .int(won)), ("lost", .int(lost)), ("open", .int(deals - won - lost)),
            ("win rate", percent(won, of: won + lost)),
        ])
    }

    /// A percentage with one decimal, rounded half to even as the reports round it; null when nothing was decided.
    static func percent(_ part: Int64, of whole: Int64) -> Value { Rounding.percent(part, of: whole) }
}
