#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `report cohorts`: leads grouped by the month they were captured (and their source with
/// `--by source`), followed to qualification, deals and wins.
enum CohortReport {
    static let command = Command(CommandSignature(
        "report cohorts",
        summary: "Leads by capture month (and source): how many qualified, converted, became deals and were won.",
        flags: ReportPeriod.flags + [Flag("by", .choice(["source", "campaign", "industry", "region", "owner"]), "Also split each month by this.")],
        output: .table,
        examples: [Example("report cohorts --by source --period 2026", "This year's cohorts per source.")])) { invocation, context in
        let period = try ReportPeriod.from(invocation)
        let split = invocation.string("by").map { "coalesce(l.\($0), '(none)')" }
        let window = period.condition("l.created_at")
        struct Cohort { var leads: Int64 = 0, qualified: Int64 = 0, converted: Int64 = 0, deals: Int64 = 0, won: Int64 = 0; var value: [String: Int64] = [:] }
        var cohorts: [[String]: Cohort] = [:]
        for row in try context.database.query("""
            SELECT \(context.database.dialect.month("l.created_at")) AS month, \(split ?? "''") AS seg, coalesce(d.value_currency, '') AS currency,
                   count(*) AS leads, sum(CASE WHEN l.status IN ('qualified', 'converted') THEN 1 ELSE 0 END) AS qualified,
                   sum(CASE WHEN l.status = 'converted' OR l.deal_id IS NOT NULL THEN 1 ELSE 0 END) AS converted, sum(CASE WHEN d.id IS NOT NULL THEN 1 ELSE 0 END) AS deals,
                   sum(CASE WHEN d.status = 'won' THEN 1 ELSE 0 END) AS won, coalesce(sum(CASE WHEN d.status = 'won' THEN d.value_minor END), 0) AS value
            FROM leads l LEFT JOIN deals d ON d.id = l.deal_id WHERE l.created_at IS NOT NULL AND \(window.sql) GROUP BY 1, 2, 3
            """, window.arguments) {
            let key = [row.text("month") ?? "?", row.text("seg") ?? ""]
            var cohort = cohorts[key] ?? Cohort()
            cohort.leads += row.integer("leads") ?? 0
            cohort.qualified += row.integer("qualified") ?? 0
            cohort.converted += row.integer("converted") ?? 0
            cohort.deals += row.integer("deals") ?? 0
            cohort.won += row.integer("won") ?? 0
            let currency = row.text("currency") ?? ""
            cohort.value[currency] = try Figures.add(cohort.value[currency] ?? 0, row.integer("value") ?? 0)
            cohorts[key] = cohort
        }
        let undated = try FunnelReport.undatedLeads(context)
        if undated > 0 {
            context.output.note("\(counted(Int(undated), "lead")) imported without a creation day \(undated == 1 ? "is" : "are") in no cohort")
        }
        let imported = try context.database.query(
            "SELECT count(*) AS n FROM leads l WHERE l.status = 'converted' AND l.deal_id IS NULL AND \(window.sql)", window.arguments).first?.integer("n") ?? 0
        if imported > 0 {
            context.output.note("\(counted(Int(imported), "lead")) imported as converted without a deal \(imported == 1 ? "counts" : "count") in converted, not in deals or won")
        }
        let by = invocation.string("by")
        let rows = cohorts.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { key -> Record? in
            guard let cohort = cohorts[key] else { return nil }
            var fields: [(String, Value)] = [("month", .string(key[0]))]
            if let by { fields.append((by, .string(key[1]))) }
            fields += [("leads", .int(cohort.leads)), ("qualified", .int(cohort.qualified)), ("converted", .int(cohort.converted)),
                       ("lead to conversion", Figures.percent(cohort.converted, of: cohort.leads)), ("deals", .int(cohort.deals)),
                       ("won", .int(cohort.won)), ("lead to win", Figures.percent(cohort.won, of: cohort.leads)),
                       ("won value", Figures.money(cohort.value.map { ($0.key, $0.value) }))]
            return Record(fields)
        }
        return .table(Table(columns: ["month"] + (by.map { [$0] } ?? []) + ["leads", "qualified", "converted", "lead to conversion", "deals", "won", "lead to win", "won value"],
                            rows: rows))
    }
}
