#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `report funnel`: how many leads and deals reached each stage and how many went on to the next.
///
/// Two populations, stated in the output: leads captured in the period (`capture`, then `screen` =
/// those qualified), and deals opened in the period (each deal stage counts the deals that reached
/// it, that is whose furthest stage is it or a later one; `won` counts the won). Conversion is the
/// next row over this one; for `screen` it is the share of qualified leads that became deals. `of first`
/// is the share of the first row of the same population (leads captured, deals opened).
enum FunnelReport {
    static let command = Command(CommandSignature(
        "report funnel",
        summary: "Leads and deals reaching each stage and converting to the next, for a period and a segment.",
        flags: ReportPeriod.flags + [Segment.flag, Flag("chart", .bool, "Draw the funnel instead of returning the table.")],
        output: .table,
        examples: [
            Example("report funnel --period 2026-Q1", "The first quarter's funnel."),
            Example("report funnel --by source | where conversion < 20", "Segments converting poorly."),
            Example("report funnel --chart", "The funnel, drawn."),
        ])) { invocation, context in
        let period = try ReportPeriod.from(invocation)
        let table = try FunnelReport.table(context, period: period, segment: try Segment.from(invocation, context))
        if invocation.flag("chart") { return .string(chart(table, width: BarChart.width(context.output), period: period)) }
        return .table(table)
    }

    struct Counts {
        var captured: Int64 = 0, qualified: Int64 = 0, disqualified: Int64 = 0, converted: Int64 = 0
        /// Deals whose furthest stage is each position, and how many of those were lost there.
        var atStage: [Int64] = []
        var lostAtStage: [Int64] = []
        var won: Int64 = 0
    }

    static func table(_ context: StageContext, period: ReportPeriod, segment: Segment?) throws -> Table {
        let stages = DealStages(context)
        var counts: [String: Counts] = [:]
        func blank() -> Counts {
            Counts(atStage: Array(repeating: 0, count: stages.names.count), lostAtStage: Array(repeating: 0, count: stages.names.count))
        }
        let leadSegment = segment.map { $0.leadExpression ?? "NULL" } ?? "'all'"
        if segment == nil || segment?.leadExpression != nil {
            let leads = period.condition("l.created_at")
            for row in try context.database.query("""
                SELECT \(leadSegment) AS seg, count(*) AS captured,
                       sum(CASE WHEN l.status IN ('qualified', 'converted') THEN 1 ELSE 0 END) AS qualified, sum(CASE WHEN l.status = 'disqualified' THEN 1 ELSE 0 END) AS disqualified,
                       sum(CASE WHEN l.status = 'converted' OR l.deal_id IS NOT NULL THEN 1 ELSE 0 END) AS converted
                FROM leads l WHERE \(leads.sql) \(segment == nil ? "" : "GROUP BY 1")
                """, leads.arguments) {
                let key = row.text("seg") ?? "(none)"
                var entry = counts[key] ?? blank()
                entry.captured = row.integer("captured") ?? 0
                entry.qualified = row.integer("qualified") ?? 0
                entry.disqualified = row.integer("disqualified") ?? 0
                entry.converted = row.integer("converted") ?? 0
                counts[key] = entry
            }
        }
        let deals = period.condition("d.created_at")
        let source = segment == nil ? "deals d" : Segment.dealJoins
        // Grouped by the stored stage text (no expression to evaluate per deal); positions come after.
        let positions = Dictionary(stages.names.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var outside: Int64 = 0, unknownLost: Int64 = 0
        for row in try context.database.query("""
            SELECT \(segment?.dealExpression ?? "'all'") AS seg, d.stage AS stage, d.status AS status, count(*) AS n
            FROM \(source) WHERE \(deals.sql) GROUP BY \(Segment.groupBy(segment, 3))
            """, deals.arguments) {
            let n = row.integer("n") ?? 0
            // A won deal went through every stage up to the last (sign), whatever stage it was imported at.
            let won = row.text("status") == "won"
            if !won, row["stage"] == .null {
                // Imported without the stage it reached: its furthest stage is unknown (NULL).
                unknownLost += n
                continue
            }
            guard let position = (won ? stages.names.last : row.text("stage")).flatMap({ positions[$0] }) else {
                outside += n
                continue
            }
            let key = row.text("seg") ?? "(none)"
            var entry = counts[key] ?? blank()
            entry.atStage[position] += n
            switch row.text("status") {
            case "lost": entry.lostAtStage[position] += n
            case "won": entry.won += n
            default: break
            }
            counts[key] = entry
        }
        if unknownLost > 0 {
            context.output.note("\(counted(Int(unknownLost), "deal")) imported without the stage reached \(unknownLost == 1 ? "is" : "are") counted apart, in no stage")
        }
        if period.start != nil || period.end != nil {
            let undated = try context.database.query("SELECT count(*) AS n FROM deals WHERE created_at IS NULL").first?.integer("n") ?? 0
            if undated > 0 {
                context.output.note("\(counted(Int(undated), "deal")) imported without an opening day \(undated == 1 ? "is" : "are") in no period's funnel")
            }
            let undatedLeads = segment == nil || segment?.leadExpression != nil
                ? try undatedLeads(context) : 0
            if undatedLeads > 0 {
                context.output.note("\(counted(Int(undatedLeads), "lead")) imported without a creation day \(undatedLeads == 1 ? "is" : "are") in no period's funnel")
            }
        }
        if outside > 0 {
            context.output.note("\(outside) deals are in stages outside \(stages.names.joined(separator: " → ")) and are not counted")
        }
        if counts.isEmpty { counts["all"] = blank() }
        var rows: [Record] = []
        for key in counts.keys.sorted() {
            guard let entry = counts[key] else { continue }
            rows += records(entry, stages: stages).map { record in
                segment.map { Record([($0.rawValue, .string(key))] + record.fields.map { ($0.name, $0.value) }) } ?? record
            }
        }
        return Table(columns: (segment.map { [$0.rawValue] } ?? []) + ["stage", "count", "conversion", "lost here", "of first"], rows: rows)
    }

    /// One segment's rows: capture, screen, each deal stage, won.
    static func records(_ entry: Counts, stages: DealStages) -> [Record] {
        // Deals that reached each stage: their furthest stage is this one or later.
        var reached = entry.atStage
        for index in reached.indices.reversed() where index + 1 < reached.count { reached[index] += reached[index + 1] }
        var steps: [(String, Int64, Value)] = [("capture", entry.captured, .null),
                                               ("screen", entry.qualified, .int(entry.disqualified))]
        for (index, name) in stages.names.enumerated() { steps.append((name, reached[index], .int(entry.lostAtStage[index]))) }
        steps.append(("won", entry.won, .null))
        // Shares of the first row of each population: leads of those captured, deals of those opened.
        return steps.enumerated().map { index, step in
            let first = index < 2 ? entry.captured : reached.first ?? 0
            let conversion: Value
            if index == 1 {
                conversion = Figures.percent(entry.converted, of: step.1)
            } else if index + 1 < steps.count {
                conversion = Figures.percent(steps[index + 1].1, of: step.1)
            } else {
                conversion = .null
            }
            return Record([("stage", .string(step.0)), ("count", .int(step.1)), ("conversion", conversion),
                           ("lost here", step.2), ("of first", Figures.percent(step.1, of: first))])
        }
    }

    static func chart(_ table: Table, width: Int, period: ReportPeriod) -> String {
        let segmented = table.columns.first != "stage"
        var groups: [(String, [Record])] = []
        for row in table.rows {
            let key = segmented ? (row[table.columns[0]]?.plainText ?? "") : ""
            if let index = groups.firstIndex(where: { $0.0 == key }) { groups[index].1.append(row) } else { groups.append((key, [row])) }
        }
        return groups.map { key, rows in
            let bars = rows.map { row -> BarChart.Bar in
                let count: Int64
                if case .int(let n)? = row["count"] { count = n } else { count = 0 }
                let conversion = row["conversion"].flatMap { $0 == .null ? nil : $0.plainText + "% →" } ?? ""
                return BarChart.Bar(label: row["stage"]?.plainText ?? "", value: count, figure: "\(count) \(conversion)")
            }
            return BarChart.render(bars, width: width, title: "Funnel, \(period.label)" + (key.isEmpty ? "" : " · \(key)"), centered: true)
        }.joined(separator: "\n\n")
    }

    /// How many leads were imported without a creation day: in no period's leads captured (and no
    /// cohort), counted over all history only.
    static func undatedLeads(_ context: StageContext) throws -> Int64 {
        try context.database.query("SELECT count(*) AS n FROM leads WHERE created_at IS NULL").first?.integer("n") ?? 0
    }
}
