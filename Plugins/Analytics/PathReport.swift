#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `report paths`: the sequences of stages deals took (from the journal), ending in won, lost or
/// open, with how many deals took each. `--events` lists every journaled event type instead.
enum PathReport {
    static let command = Command(CommandSignature(
        "report paths",
        summary: "The sequences of stages (or, with --events, of journal events) deals took, and how often each ended in a win.",
        flags: ReportPeriod.flags + [Flag("events", .bool, "Every journaled event of the deal, not only its stages.")],
        output: .table,
        examples: [Example("report paths | first 5", "The five most common paths.")])) { invocation, context in
        let period = try ReportPeriod.from(invocation)
        let window = period.condition("d.created_at")
        let steps = invocation.flag("events")
            ? "SELECT CAST(substr(e.subject, 3) AS INTEGER) AS deal, e.at AS at, e.id AS seq, e.type AS step FROM events e WHERE e.subject LIKE 'D-%'"
            : """
              SELECT s.deal_id AS deal, s.entered_at AS at, s.event_id AS seq, s.stage AS step FROM deal_stages s
              UNION ALL
              SELECT CAST(substr(e.subject, 3) AS INTEGER), e.at, e.id, 'imported at ' || coalesce(\(context.database.dialect.jsonText("e.payload", key: "stage")), '?')
              FROM events e WHERE e.type = 'deal.imported' AND e.subject LIKE 'D-%'
                AND NOT EXISTS (SELECT 1 FROM deal_stages s WHERE s.deal_id = CAST(substr(e.subject, 3) AS INTEGER))
              """
        let rows = try context.database.query("""
            SELECT p.path || ' → ' || d.status AS path, count(*) AS deals, sum(CASE WHEN d.status = 'won' THEN 1 ELSE 0 END) AS won, sum(CASE WHEN d.status = 'lost' THEN 1 ELSE 0 END) AS lost
            FROM (SELECT deal, \(context.database.dialect.stringAggregate("step", separator: " → ", orderedBy: "at, seq")) AS path FROM (\(steps) ORDER BY 1, 2, 3) AS steps GROUP BY deal) p
            JOIN deals d ON d.id = p.deal WHERE \(window.sql)
            GROUP BY 1 ORDER BY 2 DESC, 1
            """, window.arguments)
        let total = rows.reduce(Int64(0)) { $0 + ($1.integer("deals") ?? 0) }
        return .table(Table(columns: ["path", "deals", "share", "win rate"], rows: rows.map { row in
            let won = row.integer("won") ?? 0, lost = row.integer("lost") ?? 0
            return Record([("path", .string(row.text("path") ?? "")), ("deals", .int(row.integer("deals") ?? 0)),
                           ("share", Figures.percent(row.integer("deals") ?? 0, of: total)),
                           ("win rate", Figures.percent(won, of: won + lost))])
        }))
    }
}
