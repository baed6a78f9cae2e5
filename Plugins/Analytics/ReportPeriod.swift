#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// The span of time a report covers: `[start, end)` in UTC, either end open. Written as a year
/// (`2026`), a half (`2026-H1`), a quarter (`2026-Q3`) or a month (`2026-07`), or given by
/// `--since`/`--until` days (both included).
struct ReportPeriod: Equatable {
    let start: Date?
    let end: Date?
    let label: String

    static let everything = ReportPeriod(start: nil, end: nil, label: "all time")

    /// The flags every report takes to choose its period.
    static let flags = [
        Flag("period", .string, "A year, half, quarter or month: 2026, 2026-H1, 2026-Q3, 2026-07."),
        Flag("since", .date, "The first day included."),
        Flag("until", .date, "The last day included."),
    ]

    /// The period the flags name; all time when none is given.
    static func from(_ invocation: Invocation) throws -> ReportPeriod {
        var since: Date?, until: Date?
        if case .date(let date)? = invocation["since"] { since = date }
        if case .date(let date)? = invocation["until"] { until = date }
        if let text = invocation.string("period") {
            guard since == nil, until == nil else {
                throw CommandError("give --period or --since/--until, not both", argument: "period")
            }
            return try parse(text, argument: "period")
        }
        guard since != nil || until != nil else { return .everything }
        let end = until.map { $0.addingTimeInterval(86_400) }
        if let since, let end, end <= since {
            throw CommandError("--until \(Day.format(until ?? since)) is before --since \(Day.format(since))", argument: "until")
        }
        let label = (since.map(Day.format) ?? "…") + " to " + (until.map(Day.format) ?? "now")
        return ReportPeriod(start: since, end: end, label: label)
    }

    /// The period `text` names, or a refusal blaming `argument` that says what a period looks like.
    static func parse(_ text: String, argument: String) throws -> ReportPeriod {
        guard let period = parse(text) else { throw CommandError("\"\(text)\" is not a period", argument: argument, hint: PeriodText.hint) }
        return period
    }

    /// `2026`, `2026-H2`, `2026-Q3` or `2026-07`; nil for anything else.
    static func parse(_ text: String) -> ReportPeriod? {
        PeriodText.parse(text).map { ReportPeriod(start: $0.start, end: $0.end, label: $0.label) }
    }

    /// `count` months from `year`-`month`.
    private static func months(_ year: Int, _ month: Int, _ count: Int, label: String) -> ReportPeriod? {
        PeriodText.months(year, month, count, label: label).map { ReportPeriod(start: $0.start, end: $0.end, label: $0.label) }
    }

    /// The period of the same length just before this one (the previous quarter for a quarter); nil
    /// when this one is open-ended.
    var previous: ReportPeriod? {
        guard let start, let end else { return nil }
        let (year, month, day) = Day.components(start)
        let (endYear, endMonth, endDay) = Day.components(end)
        if day == 1, endDay == 1 {
            let count = (endYear - year) * 12 + endMonth - month
            let index = year * 12 + month - 1 - count
            guard index >= 12, let period = ReportPeriod.months(index / 12, index % 12 + 1, count, label: "") else { return nil }
            return ReportPeriod(start: period.start, end: period.end, label: ReportPeriod.label(period, months: count))
        }
        let length = end.timeIntervalSince(start)
        let earlier = start.addingTimeInterval(-length)
        guard Day.isSupported(earlier) else { return nil }
        return ReportPeriod(start: earlier, end: start,
                            label: Day.format(earlier) + " to " + Day.format(start.addingTimeInterval(-86_400)))
    }

    private static func label(_ period: ReportPeriod, months count: Int) -> String {
        guard let start = period.start else { return "" }
        let (year, month, _) = Day.components(start)
        let two = month < 10 ? "0\(month)" : "\(month)"
        switch count {
        case 12 where month == 1: return "\(year)"
        case 6 where month % 6 == 1: return "\(year)-H\(month / 6 + 1)"
        case 3 where month % 3 == 1: return "\(year)-Q\(month / 3 + 1)"
        case 1: return "\(year)-\(two)"
        default: return "\(year)-\(two) (\(count) months)"
        }
    }

    /// The span from the earliest start to the latest end of some periods (open-ended when one is):
    /// one index range that holds them all, for reading several periods in one pass.
    static func covering(_ periods: [ReportPeriod]) -> ReportPeriod {
        let starts = periods.map(\.start), ends = periods.map(\.end)
        return ReportPeriod(start: starts.contains(nil) ? nil : starts.compactMap { $0 }.min(),
                            end: ends.contains(nil) ? nil : ends.compactMap { $0 }.max(), label: "")
    }

    /// An SQL condition that `column` (a stored timestamp) lies in the period, with its arguments.
    func condition(_ column: String) -> (sql: String, arguments: [SQLValue]) {
        var parts: [String] = []
        var arguments: [SQLValue] = []
        if let start { parts.append("\(column) >= ?"); arguments.append(.text(Day.formatTimestamp(start))) }
        if let end { parts.append("\(column) < ?"); arguments.append(.text(Day.formatTimestamp(end))) }
        return (parts.isEmpty ? "TRUE" : parts.joined(separator: " AND "), arguments)
    }
}
