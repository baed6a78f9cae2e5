#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `report lost`: why deals were lost, by reason (the text before a colon: `price: over budget`
/// counts as `price`), with the stage they were lost in and the value lost.
enum LostReasonsReport {
    static let command = Command(CommandSignature(
        "report lost",
        summary: "Lost deals by reason (the part before a colon), with the share, stages and value lost.",
        flags: ReportPeriod.flags + [Segment.flag],
        output: .table,
        examples: [Example("report lost --period 2026-Q1", "Why the quarter's deals were lost.")])) { invocation, context in
        .table(try table(context, period: try ReportPeriod.from(invocation), segment: try Segment.from(invocation, context)))
    }

    static func table(_ context: StageContext, period: ReportPeriod, segment: Segment?) throws -> Table {
        let closed = period.condition("d.closed_at")
        let colon = { (text: String) in context.database.dialect.position(of: "':'", in: text) }
        let reason = "lower(trim(CASE WHEN \(colon("coalesce(d.lost_reason, '')")) > 0 THEN substr(d.lost_reason, 1, \(colon("d.lost_reason")) - 1) ELSE coalesce(nullif(trim(d.lost_reason), ''), '(no reason)') END))"
        struct Entry { var deals: Int64 = 0; var stages: [String: Int64] = [:]; var value: [String: Int64] = [:] }
        var entries: [[String]: Entry] = [:]
        var totals: [String: Int64] = [:]
        for row in try context.database.query("""
            SELECT \(segment?.dealExpression ?? "'all'") AS seg, \(reason) AS reason, d.stage AS stage,
                   coalesce(d.value_currency, '') AS currency, count(*) AS n, coalesce(sum(d.value_minor), 0) AS value
            FROM \(Segment.dealJoins) WHERE d.status = 'lost' AND \(closed.sql) GROUP BY \(Segment.groupBy(segment, 4))
            """, closed.arguments) {
            let key = [row.text("seg") ?? "(none)", row.text("reason") ?? "(no reason)"]
            var entry = entries[key] ?? Entry()
            let n = row.integer("n") ?? 0
            entry.deals += n
            entry.stages[row.text("stage") ?? "?", default: 0] += n
            let currency = row.text("currency") ?? ""
            entry.value[currency] = try Figures.add(entry.value[currency] ?? 0, row.integer("value") ?? 0)
            entries[key] = entry
            totals[key[0], default: 0] += n
        }
        let keys = entries.keys.sorted { a, b in
            a[0] != b[0] ? a[0] < b[0] : (entries[a]?.deals ?? 0, b[1]) > (entries[b]?.deals ?? 0, a[1])
        }
        let rows = keys.compactMap { key -> Record? in
            guard let entry = entries[key] else { return nil }
            var fields: [(String, Value)] = segment.map { [($0.rawValue, .string(key[0]))] } ?? []
            let stages = entry.stages.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            fields += [("reason", .string(key[1])), ("deals", .int(entry.deals)), ("share", Figures.percent(entry.deals, of: totals[key[0]] ?? 0)),
                       ("stages", .string(stages)), ("value lost", Figures.money(entry.value.map { ($0.key, $0.value) }))]
            return Record(fields)
        }
        return Table(columns: (segment.map { [$0.rawValue] } ?? []) + ["reason", "deals", "share", "stages", "value lost"], rows: rows)
    }
}
