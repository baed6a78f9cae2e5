import FunnelModel

/// Keeps `deal_stages` (every stage a deal entered, when, and when it left for the next) in step with
/// the journal: a `deal.created` event enters its `stage` (discover when unnamed), a `deal.advanced`
/// event its `to`. A stay's `left_at` is when the deal entered its next stage, so time-in-stage reports
/// read one range of an index instead of ordering every deal's stays; it is null for a deal's latest
/// stage (that stay ends when the deal closes, if it has).
public enum DealStageProjection {
    static func record(_ type: String, subject: EntityID, details: Record, at: SQLValue, event: Int64, in database: any SQLDatabase) throws {
        guard subject.kind.prefix == "D", type == "deal.created" || type == "deal.advanced" else { return }
        let key = type == "deal.advanced" ? "to" : "stage"
        let stage: String
        switch details[key] {
        case .string(let name)?: stage = name
        default: stage = "discover"
        }
        let deal = SQLValue.integer(subject.number), id = SQLValue.integer(event)
        // Usually the new stay follows the deal's latest one; history imported with its dates may put it
        // between two, so it ends its predecessor and ends where its successor begins.
        try database.execute("""
            UPDATE deal_stages SET left_at = ? WHERE deal_id = ? AND (entered_at, event_id) = (
                SELECT entered_at, event_id FROM deal_stages WHERE deal_id = ? AND (entered_at, event_id) < (?, ?)
                ORDER BY entered_at DESC, event_id DESC LIMIT 1)
            """, [at, deal, deal, at, id])
        try database.execute("""
            INSERT INTO deal_stages (deal_id, entered_at, event_id, stage, left_at) VALUES (?, ?, ?, ?, (
                SELECT entered_at FROM deal_stages WHERE deal_id = ? AND (entered_at, event_id) > (?, ?)
                ORDER BY entered_at, event_id LIMIT 1))
            """, [deal, at, id, .text(stage), deal, at, id])
    }

    /// Rebuilds the projection from the journal (for a database whose events were written by SQL, such
    /// as generated benchmark history): every stage entry, then when each stay ended.
    public static let rebuild = rebuild(for: .sqlite)

    /// `rebuild` in the words of a backend's dialect.
    public static func rebuild(for dialect: SQLDialect) -> [String] {
        [
            "DELETE FROM deal_stages",
            """
            INSERT INTO deal_stages (deal_id, entered_at, event_id, stage)
            SELECT CAST(substr(subject, 3) AS INTEGER), at, id,
                   CASE type WHEN 'deal.advanced' THEN \(dialect.jsonText("payload", key: "to"))
                   ELSE coalesce(\(dialect.jsonText("payload", key: "stage")), 'discover') END
            FROM events WHERE type IN ('deal.created', 'deal.advanced') AND subject LIKE 'D-%'
            """,
            fillLeftAt,
        ]
    }

    /// Sets every stay's `left_at` from the deal's next stay.
    static let fillLeftAt = """
        UPDATE deal_stages SET left_at = n.next_at
        FROM (SELECT deal_id, entered_at, event_id,
                     lead(entered_at) OVER (PARTITION BY deal_id ORDER BY entered_at, event_id) AS next_at
              FROM deal_stages) n
        WHERE n.deal_id = deal_stages.deal_id AND n.entered_at = deal_stages.entered_at
          AND n.event_id = deal_stages.event_id AND n.next_at IS NOT NULL
        """
}
