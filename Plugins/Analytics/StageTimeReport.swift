import Foundation
import FunnelModel
import StageKit

/// `report stages`: time deals spend in each stage (mean, median, 90th percentile), how many wait
/// there now, how many are lost there, and the bottlenecks — against the team's own norm, which is
/// the same figure over all of its history (or, with `--by`, over the whole team in the period).
///
/// Stage entries come from the journal (`deal.created`, `deal.advanced`); a stay ends when the deal
/// enters its next stage or closes. Deals imported without stage history have no stays.
enum StageTimeReport {
    static let command = Command(CommandSignature(
        "report stages",
        summary: "Days deals spend in each stage, where they wait longest and where they are lost, against the norm.",
        flags: ReportPeriod.flags + [Segment.flag, Flag("chart", .bool, "Draw median days per stage instead of the table.")],
        output: .table,
        examples: [
            Example("report stages", "Time in stage and bottlenecks over all history."),
            Example("report stages --by owner --period 2026-Q1 | where flag != null", "Owners slower than the team."),
        ])) { invocation, context in
        let period = try ReportPeriod.from(invocation)
        let table = try StageTimeReport.table(context, period: period, segment: Segment.from(invocation))
        guard invocation.flag("chart") else { return .table(table) }
        let segmented = table.columns.first != "stage"
        let bars = table.rows.map { row -> BarChart.Bar in
            let label = (segmented ? (row[table.columns[0]]?.plainText ?? "") + " · " : "") + (row["stage"]?.plainText ?? "")
            let tenths = NSDecimalNumber(decimal: decimalValue(row["median days"] ?? .null) * 10).int64Value
            return BarChart.Bar(label: label, value: max(0, tenths), figure: (row["median days"]?.plainText ?? "-") + " days")
        }
        return .string(BarChart.render(bars, width: BarChart.width(context.output), title: "Median days in stage, \(period.label)"))
    }

    struct Stay {
        var durations: [Int64] = []
        var entered: Int64 = 0
        var waiting: Int64 = 0
        var lost: Int64 = 0
    }

    /// Stays per segment and stage.
    static func stays(_ context: StageContext, period: ReportPeriod, segment: Segment?) throws -> [String: [String: Stay]] {
        let window = period.condition("s.entered")
        let now = Day.formatTimestamp(context.clock.now)
        let joins = segment == nil ? "JOIN deals d ON d.id = s.deal" : "JOIN deals d ON d.id = s.deal LEFT JOIN leads l ON l.id = d.lead_id LEFT JOIN customers c ON c.id = d.customer_id"
        let sql = """
            WITH entries AS (
                SELECT CAST(substr(e.subject, 3) AS INTEGER) AS deal, e.at AS at, e.id AS seq,
                       CASE e.type WHEN 'deal.advanced' THEN json_extract(e.payload, '$.to')
                                   ELSE coalesce(json_extract(e.payload, '$.stage'), 'discover') END AS stage
                FROM events e WHERE e.type IN ('deal.created', 'deal.advanced') AND e.subject LIKE 'D-%'
            ), spans AS (
                SELECT deal, stage, at AS entered, lead(at) OVER (PARTITION BY deal ORDER BY at, seq) AS next_at FROM entries
            )
            SELECT \(segment?.dealExpression ?? "'all'") AS seg, s.stage AS stage,
                   CAST(strftime('%s', coalesce(s.next_at, d.closed_at)) AS INTEGER) - CAST(strftime('%s', s.entered) AS INTEGER) AS seconds,
                   s.next_at IS NULL AND d.status = 'lost' AS lost,
                   s.next_at IS NULL AND d.status = 'open' AS waiting
            FROM spans s \(joins)
            WHERE \(window.sql) AND s.entered <= ?
            """
        var result: [String: [String: Stay]] = [:]
        for row in try context.database.query(sql, window.arguments + [.text(now)]) {
            let key = row.text("seg") ?? "(none)", stage = row.text("stage") ?? "?"
            var stay = result[key]?[stage] ?? Stay()
            stay.entered += 1
            if row.integer("waiting") == 1 {
                stay.waiting += 1
            } else if let seconds = row.integer("seconds"), seconds >= 0 {
                stay.durations.append(seconds)
            }
            if row.integer("lost") == 1 { stay.lost += 1 }
            result[key, default: [:]][stage] = stay
        }
        return result
    }

    static func table(_ context: StageContext, period: ReportPeriod, segment: Segment?) throws -> Table {
        let stages = DealStages(context)
        let measured = try stays(context, period: period, segment: segment)
        // The norm: the whole team over all history, or over the period when comparing segments.
        let normPeriod = segment == nil ? ReportPeriod.everything : period
        let norm = (try stays(context, period: normPeriod, segment: nil))["all"] ?? [:]
        func median(_ stay: Stay?) -> Value { stay.flatMap { Figures.summary($0.durations)?.median } ?? .null }
        var rows: [Record] = []
        for key in measured.keys.sorted() {
            guard let byStage = measured[key] else { continue }
            let ordered = stages.names.filter { byStage[$0] != nil } + byStage.keys.filter { !stages.names.contains($0) }.sorted()
            // The slowest stage and the one losing the largest share, within this segment.
            let slowest = ordered.max { decimalValue(median(byStage[$0])) < decimalValue(median(byStage[$1])) }
            let lossiest = ordered.filter { (byStage[$0]?.lost ?? 0) > 0 }
                .max { lossRate(byStage[$0]) < lossRate(byStage[$1]) }
            for stage in ordered {
                guard let stay = byStage[stage] else { continue }
                let summary = Figures.summary(stay.durations)
                let normMedian = median(norm[stage])
                var flags: [String] = []
                if stage == slowest, let median = summary?.median, decimalValue(median) > 0 { flags.append("slowest") }
                if stage == lossiest { flags.append("most lost") }
                // Slower than the norm by a quarter or more.
                if let mine = summary?.median, normMedian != .null, decimalValue(mine) * 4 > decimalValue(normMedian) * 5 {
                    flags.append("slower than norm")
                }
                var fields: [(String, Value)] = segment.map { [($0.rawValue, .string(key))] } ?? []
                fields += [
                    ("stage", .string(stage)), ("entered", .int(stay.entered)), ("waiting now", .int(stay.waiting)),
                    ("mean days", summary?.mean ?? .null), ("median days", summary?.median ?? .null), ("p90 days", summary?.p90 ?? .null),
                    ("norm median", normMedian), ("lost here", .int(stay.lost)), ("loss rate", Figures.percent(stay.lost, of: stay.entered)),
                    ("flag", flags.isEmpty ? .null : .string(flags.joined(separator: ", "))),
                ]
                rows.append(Record(fields))
            }
        }
        return Table(columns: (segment.map { [$0.rawValue] } ?? []) + ["stage", "entered", "waiting now", "mean days", "median days",
                                                                       "p90 days", "norm median", "lost here", "loss rate", "flag"], rows: rows)
    }

    static func decimalValue(_ value: Value) -> Decimal {
        if case .decimal(let decimal) = value { return decimal }
        return -1
    }

    static func lossRate(_ stay: Stay?) -> Decimal {
        guard let stay, stay.entered > 0 else { return -1 }
        return Decimal(stay.lost) / Decimal(stay.entered)
    }
}
