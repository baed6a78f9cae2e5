#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `report forecast`: open deals by the month they are expected to close, with their value and the
/// value weighted by the chance of winning from their stage. A deal's month is its expected close
/// (`deal edit --close-by`), else its opening plus the median sales cycle of won deals. A stage's
/// chance is `forecast.probability.STAGE` (a percentage) when set, else learned from history: of
/// the closed deals that reached the stage, the share won.
enum ForecastReport {
    static let command = Command(CommandSignature(
        "report forecast",
        summary: "Open pipeline by expected close month: value and value weighted by each stage's chance of winning.",
        flags: [Flag("probabilities", .bool, "Show each stage's chance of winning and where it comes from instead.")],
        output: .table,
        examples: [
            Example("report forecast", "The weighted pipeline by month."),
            Example("report forecast --probabilities", "The chance per stage, set or learned."),
            Example("config set forecast.probability.negotiate 60; report forecast", "Set a stage's chance by hand."),
        ])) { invocation, context in
        let stages = DealStages(context)
        let chances = try chances(context, stages: stages)
        if invocation.flag("probabilities") {
            return .table(Table(columns: ["stage", "chance", "from", "won", "closed"], rows: stages.names.indices.map { index in
                let chance = chances[index]
                return Record([("stage", .string(stages.names[index])), ("chance", chance.percent), ("from", .string(chance.source)),
                               ("won", chance.won.map(Value.int) ?? .null), ("closed", chance.closed.map(Value.int) ?? .null)])
            }))
        }
        return .table(try table(context, stages: stages, chances: chances))
    }

    /// A stage's chance of winning as a fraction `numerator / denominator`.
    struct Chance {
        let numerator: Int64
        let denominator: Int64
        let source: String
        var won: Int64?
        var closed: Int64?
        var percent: Value { denominator == 0 ? .null : Figures.percent(numerator, of: denominator) }
    }

    static func chances(_ context: StageContext, stages: DealStages) throws -> [Chance] {
        // Closed deals by the furthest stage they reached.
        var won = Array(repeating: Int64(0), count: stages.names.count), lost = won
        for row in try context.database.query("""
            SELECT \(stages.position("d.stage")) AS pos, d.status AS status, count(*) AS n FROM deals d
            WHERE d.status IN ('won', 'lost') GROUP BY 1, 2
            """) {
            // A won deal went through every stage up to sign, whatever stage it was imported at.
            let furthest = row.text("status") == "won" ? stages.names.count - 1 : row.integer("pos").map(Int.init)
            guard let position = furthest, won.indices.contains(position) else { continue }
            if row.text("status") == "won" { won[position] += row.integer("n") ?? 0 } else { lost[position] += row.integer("n") ?? 0 }
        }
        var chances: [Chance] = []
        for (index, name) in stages.names.enumerated() {
            if let text = try context.setting("forecast.probability.\(name)") {
                guard let percent = Int64(text.trimmingSpaces.replacing("%", with: "")), (0...100).contains(percent) else {
                    throw CommandError("setting forecast.probability.\(name) is \"\(text)\", not a percentage from 0 to 100",
                                       hint: "fix it with: config set forecast.probability.\(name) 40")
                }
                chances.append(Chance(numerator: percent, denominator: 100, source: "setting"))
                continue
            }
            let reachedWon = won[index...].reduce(0, +), reachedLost = lost[index...].reduce(0, +)
            chances.append(Chance(numerator: reachedWon, denominator: reachedWon + reachedLost,
                                  source: reachedWon + reachedLost == 0 ? "no history" : "history",
                                  won: reachedWon, closed: reachedWon + reachedLost))
        }
        return chances
    }

    static func table(_ context: StageContext, stages: DealStages, chances: [Chance]) throws -> Table {
        // The median sales cycle of won deals dates deals their owner has not.
        let epoch = context.database.dialect.epochSeconds
        let cycles = try context.database.query("""
            SELECT \(epoch("closed_at")) - \(epoch("created_at")) AS s
            FROM deals WHERE status = 'won' AND closed_at IS NOT NULL
            """).compactMap { $0.integer("s") }.sorted()
        let cycleDays = cycles.isEmpty ? 90 : max(0, cycles[cycles.count / 2] / 86_400)
        struct Cell { var deals: Int64 = 0, estimated: Int64 = 0, value: Int64 = 0, weighted: Int64 = 0 }
        var cells: [[String]: Cell] = [:]
        var unpriced: Int64 = 0
        for row in try context.database.query("""
            SELECT \(stages.position("d.stage")) AS pos,
                   \(context.database.dialect.month("coalesce(d.expected_close, \(context.database.dialect.addingDays(Int(cycleDays), to: "d.created_at")))")) AS month,
                   d.expected_close IS NULL AS estimated, d.value_currency AS currency, count(*) AS n,
                   sum(d.value_minor) AS value, sum(CASE WHEN d.value_minor IS NULL THEN 1 ELSE 0 END) AS unpriced
            FROM deals d WHERE d.status = 'open' GROUP BY 1, 2, 3, 4
            """) {
            unpriced += row.integer("unpriced") ?? 0
            guard let currency = row.text("currency"), let position = row.integer("pos").map(Int.init), chances.indices.contains(position) else { continue }
            let key = [row.text("month") ?? "unknown", currency]
            var cell = cells[key] ?? Cell()
            let n = row.integer("n") ?? 0, value = row.integer("value") ?? 0
            cell.deals += n
            if row.integer("estimated") == 1 { cell.estimated += n }
            cell.value = try Figures.add(cell.value, value)
            let chance = chances[position]
            if chance.denominator > 0 {
                guard let weighted = Money(minorUnits: value, currency: .cny).scaled(by: chance.numerator, over: chance.denominator) else {
                    throw CommandError("a weighted value is larger than the largest amount Funnel holds")
                }
                cell.weighted = try Figures.add(cell.weighted, weighted.minorUnits)
            }
            cells[key] = cell
        }
        let unknown = cells.filter { $0.key[0] == "unknown" }.reduce(Int64(0)) { $0 + $1.value.deals }
        if unknown > 0 {
            context.output.note("\(counted(Int(unknown), "open deal")) without an opening day or expected close \(unknown == 1 ? "is" : "are") under month unknown")
        }
        if unpriced > 0 { context.output.note("\(unpriced) open deals have no value and are not in the forecast") }
        let rows = cells.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { key -> Record? in
            guard let cell = cells[key] else { return nil }
            let currency = Currency(code: key[1]) ?? .cny
            return Record([("month", .string(key[0])), ("deals", .int(cell.deals)), ("dated by cycle", .int(cell.estimated)),
                           ("pipeline", .money(Money(minorUnits: cell.value, currency: currency))),
                           ("weighted", .money(Money(minorUnits: cell.weighted, currency: currency)))])
        }
        return Table(columns: ["month", "deals", "dated by cycle", "pipeline", "weighted"], rows: rows)
    }
}
