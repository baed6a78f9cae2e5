#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `report stages`: time deals spend in each stage (mean, median, 90th percentile), how many wait
/// there now, how many are lost there, and the bottlenecks — against the team's own norm, which is
/// the same figure over all of its history (or, with `--by`, over the whole team in the period).
///
/// Stage entries come from the journal (`deal.created`, `deal.advanced`, kept in `deal_stages`); a stay
/// ends when the deal enters its next stage or closes. Deals imported without stage dates have no stays.
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
        let table = try StageTimeReport.table(context, period: period, segment: try Segment.from(invocation, context))
        let undated = try undatedDeals(context, period: period)
        if undated > 0 {
            context.output.note("\(counted(undated, "deal")) imported without stage dates \(undated == 1 ? "has" : "have") no stays and \(undated == 1 ? "is" : "are") left out")
        }
        guard invocation.flag("chart") else { return .table(table) }
        let segmented = table.columns.first != "stage"
        let bars = table.rows.map { row -> BarChart.Bar in
            let label = (segmented ? (row[table.columns[0]]?.plainText ?? "") + " · " : "") + (row["stage"]?.plainText ?? "")
            let tenths = Figures.tenths(of: row["median days"])
            return BarChart.Bar(label: label, value: tenths, figure: (row["median days"]?.plainText ?? "-") + " days")
        }
        return .string(BarChart.render(bars, width: BarChart.width(context.output), title: "Median days in stage, \(period.label)"))
    }

    /// One segment's stays in one stage: counts, and how long the finished ones took, as a
    /// histogram of durations (seconds and how many stays took that long) for exact order statistics.
    struct Stay {
        var entered: Int64 = 0, waiting: Int64 = 0, lost: Int64 = 0
        var durations: [(seconds: Int64, count: Int64)] = []

        var summary: (mean: Value, median: Value, p90: Value)? {
            let sorted = durations.sorted { $0.seconds < $1.seconds }
            let completed = sorted.reduce(Int64(0)) { $0 + $1.count }
            guard completed > 0 else { return nil }
            let total = sorted.reduce(Int128(0)) { $0 + Int128($1.seconds) * Int128($1.count) }
            // The duration at a 1-based rank.
            func at(_ rank: Int64) -> Int64 {
                var seen: Int64 = 0
                for bucket in sorted {
                    seen += bucket.count
                    if seen >= rank { return bucket.seconds }
                }
                return sorted.last?.seconds ?? 0
            }
            let low = at((completed + 1) / 2), high = at(completed / 2 + 1)
            return (Figures.decimal(tenths: Figures.tenths(total, Int128(completed) * 86_400)),
                    Figures.decimal(tenths: Figures.tenths(Int128(low) + Int128(high), 2 * 86_400)),
                    Figures.days(Int128(at((completed * 9 + 9) / 10))))
        }
    }

    /// Stays per segment and stage, from `deal_stages`: each stay ends when the deal enters its next
    /// stage (`left_at`) or closes. SQLite groups them by duration, so a million stays come back as a few hundred rows.
    static func stays(_ context: StageContext, period: ReportPeriod, segment: Segment?) throws -> [String: [String: Stay]] {
        try stays(context, periods: [period], segment: segment)[0]
    }

    /// The stays of several periods that do not overlap, read in one pass (a review needs its period
    /// and the previous one): one result per period, in order.
    static func stays(_ context: StageContext, periods: [ReportPeriod], segment: Segment?) throws -> [[String: [String: Stay]]] {
        let epoch = context.database.dialect.epochSeconds
        let now = Day.formatTimestamp(context.clock.now)
        let joins = segment == nil ? "" : segment == .tier ? "LEFT JOIN leads l ON l.id = d.lead_id LEFT JOIN customers c ON c.id = d.customer_id"
                                      : segment?.readsLead == true ? "LEFT JOIN leads l ON l.id = d.lead_id" : ""
        // Which period a stay belongs to, by the day it was entered.
        var which = "CASE"
        var whichArguments: [SQLValue] = []
        for (index, period) in periods.enumerated() {
            let condition = period.condition("p.entered_at")
            which += " WHEN \(condition.sql) THEN \(index)"
            whichArguments += condition.arguments
        }
        which += " END"
        // When the periods are bounded, one range of the entered_at index (which holds each stay's stage
        // and end); the CASE above sorts the stays into periods.
        let span = ReportPeriod.covering(periods).condition("p.entered_at")
        let sql = """
            WITH measured AS (
                SELECT \(which) AS period, \(segment?.dealExpression ?? "'all'") AS seg, p.stage AS stage,
                       \(epoch("coalesce(p.left_at, d.closed_at)")) - \(epoch("p.entered_at")) AS seconds,
                       p.left_at IS NULL AND d.status = 'lost' AS lost, p.left_at IS NULL AND d.status = 'open' AS waiting
                FROM deal_stages p JOIN deals d ON d.id = p.deal_id \(joins)
                WHERE \(span.sql) AND p.entered_at <= ?
            )
            SELECT period, seg, stage, CASE WHEN waiting THEN 0 WHEN seconds >= 0 THEN 1 ELSE 2 END AS kind,
                   CASE WHEN NOT waiting AND seconds >= 0 THEN seconds END AS seconds, count(*) AS n, sum(CASE WHEN lost THEN 1 ELSE 0 END) AS lost
            FROM measured WHERE period IS NOT NULL GROUP BY 1, 2, 3, 4, 5
            """
        var results: [[String: [String: Stay]]] = Array(repeating: [:], count: periods.count)
        let arguments = whichArguments + span.arguments + [.text(now)]
        for row in try context.database.query(sql, arguments) {
            guard let index = row.integer("period").map(Int.init), results.indices.contains(index) else { continue }
            let key = row.text("seg") ?? "(none)", stage = row.text("stage") ?? "?"
            let n = row.integer("n") ?? 0
            var stay = results[index][key]?[stage] ?? Stay()
            results[index][key]?[stage] = nil  // keep one reference, so appending does not copy
            stay.entered += n
            stay.lost += row.integer("lost") ?? 0
            switch row.integer("kind") {
            case 0: stay.waiting += n
            case 1: stay.durations.append((row.integer("seconds") ?? 0, n))
            default: break
            }
            results[index][key, default: [:]][stage] = stay
        }
        return results
    }

    /// `norm` is the period the norm is taken over: by default all history, or the period itself when
    /// comparing segments (the whole team's figure).
    static func table(_ context: StageContext, period: ReportPeriod, segment: Segment?, norm: ReportPeriod? = nil) throws -> Table {
        let stages = DealStages(context)
        let normPeriod = norm ?? (segment == nil ? ReportPeriod.everything : period)
        let measured: [String: [String: Stay]]
        let norm: [String: Stay]
        if segment == nil, let start = normPeriod.start, let end = normPeriod.end, period.start.map({ $0 >= end }) ?? false || period.end.map({ $0 <= start }) ?? false {
            // A norm period apart from the measured one (a review's previous period): one pass for both.
            let both = try stays(context, periods: [period, normPeriod], segment: nil)
            measured = both[0]
            norm = both[1]["all"] ?? [:]
        } else {
            measured = try stays(context, period: period, segment: segment)
            // The team over the same period is what was just measured (all history, by default): no second pass.
            let same = segment == nil && normPeriod.start == period.start && normPeriod.end == period.end
            norm = same ? measured["all"] ?? [:] : (try stays(context, period: normPeriod, segment: nil))["all"] ?? [:]
        }
        return table(measured: measured, norm: norm, stages: stages, segment: segment)
    }

    /// Every segment's stays in one stage merged: the whole team's, from stays read by segment.
    static func merged(_ bySegment: [String: [String: Stay]]) -> [String: Stay] {
        var team: [String: Stay] = [:]
        for byStage in bySegment.values {
            for (stage, stay) in byStage {
                var all = team[stage] ?? Stay()
                all.entered += stay.entered
                all.waiting += stay.waiting
                all.lost += stay.lost
                all.durations += stay.durations
                team[stage] = all
            }
        }
        return team
    }

    /// The table of stays already read (`measured` by segment, `norm` the stays the medians are
    /// compared with), as `table(_:period:segment:norm:)` returns it.
    static func table(measured: [String: [String: Stay]], norm: [String: Stay], stages: DealStages, segment: Segment?) -> Table {
        func median(_ stay: Stay?) -> Value { stay?.summary?.median ?? .null }
        var rows: [Record] = []
        for key in measured.keys.sorted() {
            guard let byStage = measured[key] else { continue }
            let ordered = stages.names.filter { byStage[$0] != nil } + byStage.keys.filter { !stages.names.contains($0) }.sorted()
            // The slowest stage and the one losing the largest share, within this segment.
            let slowest = ordered.max { Figures.number(median(byStage[$0])) < Figures.number(median(byStage[$1])) }
            let lossiest = ordered.filter { (byStage[$0]?.lost ?? 0) > 0 }
                .max { lossRate(byStage[$0]) < lossRate(byStage[$1]) }
            for stage in ordered {
                guard let stay = byStage[stage] else { continue }
                let summary = stay.summary
                let normMedian = median(norm[stage])
                var flags: [String] = []
                if stage == slowest, let median = summary?.median, Figures.number(median) > 0 { flags.append("slowest") }
                if stage == lossiest { flags.append("most lost") }
                // Slower than the norm by a quarter or more.
                if let mine = summary?.median, normMedian != .null, Figures.number(mine) * 4 > Figures.number(normMedian) * 5 {
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

    /// Deals imported without stage dates (closed in the period, when one is given): nothing dates
    /// their stays, so they are in no figure here. Every deal made in Funnel has its stays journaled.
    static func undatedDeals(_ context: StageContext, period: ReportPeriod) throws -> Int64 {
        let closed = period.condition("d.closed_at")
        let bounded = period.start != nil || period.end != nil
        return try context.database.query("""
            SELECT count(*) AS n FROM deals d
            WHERE \(bounded ? "d.closed_at IS NOT NULL AND \(closed.sql)" : "TRUE")
              AND NOT EXISTS (SELECT 1 FROM deal_stages s WHERE s.deal_id = d.id)
            """, bounded ? closed.arguments : []).first?.integer("n") ?? 0
    }

    static func lossRate(_ stay: Stay?) -> Decimal {
        guard let stay, stay.entered > 0 else { return -1 }
        return Decimal(stay.lost) / Decimal(stay.entered)
    }
}
