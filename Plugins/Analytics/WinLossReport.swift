#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `report winloss`: won and lost deals per segment, the win rate (won / (won + lost): open deals do
/// not count), the value won, and the mean sales cycle from first engagement (the lead's capture,
/// else the deal's opening) to close. Deals count in the period they closed; open deals in the
/// period they were opened.
enum WinLossReport {
    static let definition = "win rate = won / (won + lost); open deals are not counted"

    static let command = Command(CommandSignature(
        "report winloss",
        summary: "Won, lost and open deals, win rate (won / (won + lost)), value won and sales cycle, by segment.",
        flags: ReportPeriod.flags + [Segment.flag, Flag("chart", .bool, "Draw the win rate per segment instead of the table.")],
        output: .table,
        examples: [
            Example("report winloss --by owner", "Win rate per owner."),
            Example("report winloss --by industry --period 2026 | sort-by \"win rate\"", "Industries, worst first."),
        ])) { invocation, context in
        let period = try ReportPeriod.from(invocation)
        let segment = try Segment.from(invocation, context)
        let tallies = try WinLossReport.tallies(context, period: period, segment: segment)
        let table = WinLossReport.table(tallies, segment: segment)
        context.output.note(definition)
        if let note = undatedNote(total(tallies)) { context.output.note(note) }
        let currencies = total(tallies).currencies
        if segment == nil, currencies.count > 1 {
            context.output.note("the deals are in \(currencies.count) currencies (\(currencies.sorted().joined(separator: ", "))), never added together: "
                                + "report winloss --by currency gives one row per currency")
        }
        guard invocation.flag("chart") else { return .table(table) }
        let name = table.columns.first ?? "segment"
        let bars = table.rows.map { row -> BarChart.Bar in
            let tenths = Figures.tenths(of: row["win rate"])
            return BarChart.Bar(label: row[name]?.plainText ?? "", value: tenths,
                                figure: (row["win rate"].map { $0 == .null ? "-" : $0.plainText + "%" } ?? "-")
                                    + " of \((row["won"]?.plainText ?? "0")) + \((row["lost"]?.plainText ?? "0"))")
        }
        return .string(BarChart.render(bars, width: BarChart.width(context.output), title: "Win rate, \(period.label) (\(definition))"))
    }

    struct Tally {
        var won: Int64 = 0, lost: Int64 = 0, open: Int64 = 0
        var value: [String: Int64] = [:]
        var cycleSeconds: Int128 = 0, cycles: Int64 = 0
        /// Won deals whose first engagement is unknown (imported without a creation day): no cycle.
        var undated: Int64 = 0
        /// The currencies of the deals counted, whatever their outcome: a total of nothing won is shown in them.
        var currencies: Set<String> = []
    }

    /// Closed deals in the period, or open deals opened in it, as a source named `d`: two index
    /// range scans (closed_at, created_at) instead of a scan of every deal when a period is given.
    static func scope(_ period: ReportPeriod) -> (sql: String, arguments: [SQLValue]) {
        guard period.start != nil || period.end != nil else { return ("deals d", []) }
        let closed = period.condition("closed_at"), opened = period.condition("created_at")
        let columns = "id, status, stage, value_minor, value_currency, owner, product, customer_id, lead_id, created_at, closed_at"
        return ("(SELECT \(columns) FROM deals WHERE status IN ('won', 'lost') AND \(closed.sql) "
                + "UNION ALL SELECT \(columns) FROM deals WHERE status = 'open' AND \(opened.sql)) d", closed.arguments + opened.arguments)
    }

    /// What `cycle days` leaves out, said when anything is: won deals without a known start.
    static func undatedNote(_ tally: Tally) -> String? {
        tally.undated == 0 ? nil
            : "\(counted(Int(tally.undated), "won deal")) without a known creation day \(tally.undated == 1 ? "is" : "are") left out of cycle days"
    }

    static func table(_ context: StageContext, period: ReportPeriod, segment: Segment?) throws -> Table {
        table(try tallies(context, period: period, segment: segment), segment: segment)
    }

    /// The whole team's tally from a segmented one.
    static func total(_ tallies: [String: Tally]) -> Tally {
        tallies.values.reduce(into: Tally()) { sum, tally in
            sum.won += tally.won
            sum.lost += tally.lost
            sum.open += tally.open
            for (currency, minor) in tally.value { sum.value[currency, default: 0] &+= minor }
            sum.cycleSeconds += tally.cycleSeconds
            sum.cycles += tally.cycles
            sum.undated += tally.undated
            sum.currencies.formUnion(tally.currencies)
        }
    }

    static func tallies(_ context: StageContext, period: ReportPeriod, segment: Segment?) throws -> [String: Tally] {
        try tallies(context, periods: [period], segment: segment)[0]
    }

    /// Tallies of several periods that do not overlap, read in one pass over the deals of the span
    /// covering them (a review needs its period and the previous one): one result per period, in order.
    static func tallies(_ context: StageContext, periods: [ReportPeriod], segment: Segment?) throws -> [[String: Tally]] {
        let epoch = context.database.dialect.epochSeconds
        let span = ReportPeriod.covering(periods)
        let deals = scope(span)
        // Which period a deal counts in: closed deals by their close, open ones by their opening. With one
        // period the scope already says it, and grouping by a constant would only cost a sort key.
        var which = "CASE"
        var whichArguments: [SQLValue] = []
        for (index, period) in periods.enumerated() {
            let closed = period.condition("d.closed_at"), opened = period.condition("d.created_at")
            which += " WHEN (d.status IN ('won', 'lost') AND \(closed.sql)) OR (d.status = 'open' AND \(opened.sql)) THEN \(index)"
            whichArguments += closed.arguments + opened.arguments
        }
        which += " END"
        let single = periods.count == 1
        if single {
            which = "0"
            whichArguments = []
        }
        let groups = (single ? [] : ["1"]) + (segment == nil ? [] : ["2"]) + ["3", "4"]
        // A deal's lead gives a won deal's cycle its start and an owner-less deal its owner. Read only
        // there (scalar subqueries), that measured 1.5x faster than joining every deal's lead; segments
        // of the lead's own columns join it.
        let joinsLead = segment?.leadExpression != nil && segment != .owner
        let lead = { (column: String) in joinsLead ? "l.\(column)" : "(SELECT \(column) FROM leads WHERE id = d.lead_id)" }
        let segmentSQL = segment == .owner ? "coalesce(d.owner, \(lead("owner")), '(none)')" : segment?.dealExpression ?? "'all'"
        let source = deals.sql + (joinsLead ? " LEFT JOIN leads l ON l.id = d.lead_id" : "")
            + (segment == .tier ? " LEFT JOIN customers c ON c.id = d.customer_id" : "")
        var results: [[String: Tally]] = Array(repeating: [:], count: periods.count)
        let grouped = """
                SELECT \(which) AS period, \(segmentSQL) AS seg, d.status AS status,
                       coalesce(d.value_currency, '') AS currency, count(*) AS n, coalesce(sum(d.value_minor), 0) AS value,
                       sum(CASE WHEN d.status = 'won' THEN \(epoch("d.closed_at"))
                                - \(epoch("coalesce(" + lead("created_at") + ", d.created_at)")) END) AS cycle,
                       sum(CASE WHEN d.status = 'won' AND d.closed_at IS NOT NULL AND (d.lead_id IS NOT NULL OR d.created_at IS NOT NULL) THEN 1 ELSE 0 END) AS cycles,
                       sum(CASE WHEN d.status = 'won' AND d.closed_at IS NOT NULL THEN 1 ELSE 0 END) AS closed_won
                FROM \(source) GROUP BY \(groups.joined(separator: ", "))
            """
        // With several periods, deals of the span outside all of them have no period and are dropped.
        let sql = single ? grouped : "SELECT * FROM (\(grouped)) AS grouped WHERE period IS NOT NULL"
        for row in try context.database.query(sql, whichArguments + deals.arguments) {
            guard let index = row.integer("period").map(Int.init), results.indices.contains(index) else { continue }
            let key = row.text("seg") ?? "(none)"
            var tally = results[index][key] ?? Tally()
            let n = row.integer("n") ?? 0
            if let currency = row.text("currency"), !currency.isEmpty { tally.currencies.insert(currency) }
            switch row.text("status") {
            case "won":
                tally.won += n
                let currency = row.text("currency") ?? ""
                tally.value[currency] = try Figures.add(tally.value[currency] ?? 0, row.integer("value") ?? 0)
                tally.cycleSeconds += Int128(row.integer("cycle") ?? 0)
                tally.cycles += row.integer("cycles") ?? 0
                tally.undated += (row.integer("closed_won") ?? 0) - (row.integer("cycles") ?? 0)
            case "lost": tally.lost += n
            default: tally.open += n
            }
            results[index][key] = tally
        }
        return results
    }

    static func table(_ tallies: [String: Tally], segment: Segment?) -> Table {
        var tallies = tallies
        if segment == nil, tallies.isEmpty { tallies["all"] = Tally() }
        // Nothing won is zero in the currency the deals are in, when they are all in one.
        let currencies = total(tallies).currencies
        let only: Currency? = currencies.count == 1 ? currencies.first.flatMap { Currency(code: $0) } : nil
        let zero = only ?? .cny
        let rows = tallies.keys.sorted().compactMap { key -> Record? in
            guard let tally = tallies[key] else { return nil }
            var fields: [(String, Value)] = segment.map { [($0.rawValue, .string(key))] } ?? []
            fields += [
                ("won", .int(tally.won)), ("lost", .int(tally.lost)), ("open", .int(tally.open)),
                ("win rate", Figures.percent(tally.won, of: tally.won + tally.lost)),
                ("won value", Figures.money(tally.value.map { ($0.key, $0.value) }, zeroIn: zero)),
                ("cycle days", tally.cycles == 0 ? .null : Figures.decimal(tenths: Figures.tenths(tally.cycleSeconds, Int128(tally.cycles) * 86_400))),
            ]
            return Record(fields)
        }
        return Table(columns: (segment.map { [$0.rawValue] } ?? []) + ["won", "lost", "open", "win rate", "won value", "cycle days"], rows: rows)
    }
}

extension WinLossReport {
    /// Won and lost deals closed in the period for every value of several segments at once: the
    /// period's closed deals are read once, then grouped once per segment.
    static func closedBySegment(_ context: StageContext, period: ReportPeriod, segments: [Segment])
        throws -> [(segment: Segment, name: String, won: Int64, lost: Int64)] {
        guard !segments.isEmpty else { return [] }
        let closed = period.condition("d.closed_at")
        let columns = segments.enumerated().map { "\($0.element.dealExpression) AS s\($0.offset)" }.joined(separator: ", ")
        let groups = segments.indices.map { index in
            "SELECT \(index) AS segment, s\(index) AS name, sum(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS won, sum(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) AS lost FROM closed GROUP BY 2"
        }.joined(separator: " UNION ALL ")
        let sql = """
            WITH closed AS MATERIALIZED (
                SELECT d.status AS status, \(columns) FROM \(Segment.dealJoins)
                WHERE d.status IN ('won', 'lost') AND \(closed.sql)
            )
            \(groups)
            """
        return try context.database.query(sql, closed.arguments).compactMap { row in
            guard let index = row.integer("segment").map(Int.init), segments.indices.contains(index) else { return nil }
            return (segments[index], row.text("name") ?? "(none)", row.integer("won") ?? 0, row.integer("lost") ?? 0)
        }
    }
}
