#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// A figure an improvement action is measured by (`action add --metric`): one column of a
/// report's table (docs/analytics.md defines each) for a period, read from one segment's row or the
/// whole team's, and which way is better. Worked out from the same reports `report ...` prints, so
/// an action's figures always match them.
struct ReviewMetric: Equatable {
    enum Report: String { case winloss, funnel, stages, receivables }

    /// As written: `win rate`, `median days in negotiate`, `conversion at screen`.
    let name: String
    let report: Report
    /// The report's column holding the figure.
    let column: String
    /// For a figure per stage (funnel, time in stage): the stage's row.
    let stage: String?
    /// Whether a higher figure is better (win rate) or a lower one (days in a stage).
    let higherIsBetter: Bool

    /// The figures without a stage: name, report, column, higher is better.
    private static let plain: [(String, Report, String, Bool)] = [
        ("win rate", .winloss, "win rate", true), ("won", .winloss, "won", true), ("lost", .winloss, "lost", false),
        ("cycle days", .winloss, "cycle days", false), ("won value", .winloss, "won value", true),
        ("paid late", .receivables, "paid late", false), ("mean days late", .receivables, "mean days late", false),
        ("dso days", .receivables, "dso days", false), ("overdue", .receivables, "overdue", false),
        ("invoiced", .receivables, "invoiced", true), ("collected", .receivables, "collected", true),
        ("overdue balance", .receivables, "overdue balance", false),
    ]

    /// The figures of one stage: the words before the stage, report, column, higher is better.
    private static let perStage: [(String, Report, String, Bool)] = [
        ("conversion at", .funnel, "conversion", true), ("reached", .funnel, "count", true), ("lost at", .funnel, "lost here", false),
        ("median days in", .stages, "median days", false), ("mean days in", .stages, "mean days", false),
    ]

    /// Every form `--metric` takes, for messages and help.
    static let forms = plain.map(\.0) + perStage.map { "\($0.0) STAGE" }

    /// The metric `text` names (`win rate by owner` is `win rate`, its segment given by `--by`), and
    /// the segment kind a trailing `by KIND` names; nil when it names none. Stage names are checked
    /// against `stages` (the funnel's: leads' capture and screen, then the deal stages).
    static func parse(_ text: String, stages: [String]) -> (metric: ReviewMetric, by: String?)? {
        var words = text.trimmingSpaces.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        var by: String?
        if words.count >= 3, words[words.count - 2] == "by" {
            by = words.removeLast()
            words.removeLast()
        }
        let name = words.joined(separator: " ")
        if let known = plain.first(where: { $0.0 == name }) {
            return (ReviewMetric(name: name, report: known.1, column: known.2, stage: nil, higherIsBetter: known.3), by)
        }
        for form in perStage where name.hasPrefix(form.0 + " ") {
            let stage = String(name.dropFirst(form.0.count + 1))
            guard stages.contains(stage) else { return nil }
            return (ReviewMetric(name: name, report: form.1, column: form.2, stage: stage, higherIsBetter: form.3), by)
        }
        return nil
    }

    /// The figure for `period`, in the row of `segment` (kind and value) or of the whole team; null
    /// when the report has no such row (no deals of that owner in the period), or for receivables
    /// without a segment when invoices are in several currencies (one row each: never added up).
    func value(_ context: StageContext, period: ReportPeriod, segment: (kind: String, value: String)?) throws -> Value {
        let table: Table
        switch report {
        case .winloss: table = try WinLossReport.table(context, period: period, segment: try Self.segment(segment, context))
        case .funnel: table = try FunnelReport.table(context, period: period, segment: try Self.segment(segment, context))
        case .stages: table = try StageTimeReport.table(context, period: period, segment: try Self.segment(segment, context))
        case .receivables:
            let by = try segment.flatMap { try ReceivablesSegment.from(Invocation(arguments: ["by": .string($0.kind)]), context) }
            table = try ReceivablesReport.table(context, period: period, by: by)
        }
        let rows = table.rows.filter { row in
            (segment.map { row[$0.kind] == .string($0.value) } ?? true) && (stage.map { row["stage"] == .string($0) } ?? true)
        }
        guard rows.count == 1, let row = rows.first else { return .null }
        return row[column] ?? .null
    }

    /// Whether `value` reaches `target` in the better direction; nil without a figure.
    func meets(_ value: Value, target: Decimal) -> Bool? {
        guard let number = Self.number(value) else { return nil }
        return higherIsBetter ? number >= target : number <= target
    }

    /// A figure as a number: a count, a share, or an amount in its currency's major units (a target
    /// of 50000 is 50,000.00); nil for null, or for amounts in several currencies (never added up).
    static func number(_ value: Value) -> Decimal? {
        switch value {
        case .int(let i): return Decimal(i)
        case .decimal(let d): return d
        case .money(let money): return Decimal(money.minorUnits) / Decimal(money.scale)
        default: return nil
        }
    }

    /// The deal segment a kind names, as `--by` reads it.
    private static func segment(_ segment: (kind: String, value: String)?, _ context: StageContext) throws -> Segment? {
        guard let segment else { return nil }
        return try Segment.from(Invocation(arguments: ["by": .string(segment.kind)]), context)
    }
}
