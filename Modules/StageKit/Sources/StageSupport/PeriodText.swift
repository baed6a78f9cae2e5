#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// A period written as a year (`2026`), a half (`2026-H1`), a quarter (`2026-Q3`) or a month
/// (`2026-07`), as every report's `--period` takes it: whole UTC months, the end excluded.
public enum PeriodText {
    /// The months `text` names, `[start, end)`, with the period's own spelling (`2026-Q3`); nil for
    /// anything else.
    public static func parse(_ text: String) -> (start: Date, end: Date, label: String)? {
        let parts = text.trimmingSpaces.uppercased().split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, first.count == 4, let year = Int(first), (1...9998).contains(year) else { return nil }
        switch parts.count {
        case 1: return months(year, 1, 12, label: first)
        case 2 where parts[1].hasPrefix("Q"):
            guard let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter) else { return nil }
            return months(year, quarter * 3 - 2, 3, label: "\(year)-Q\(quarter)")
        case 2 where parts[1].hasPrefix("H"):
            guard let half = Int(parts[1].dropFirst()), (1...2).contains(half) else { return nil }
            return months(year, half * 6 - 5, 6, label: "\(year)-H\(half)")
        case 2:
            guard parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            return months(year, month, 1, label: "\(first)-\(parts[1])")
        default: return nil
        }
    }

    /// `count` whole months from the first day of `year`-`month`.
    public static func months(_ year: Int, _ month: Int, _ count: Int, label: String) -> (start: Date, end: Date, label: String)? {
        let last = month + count - 1
        guard let start = Day.date(year: year, month: month, day: 1),
              let end = Day.date(year: year + last / 12, month: last % 12 + 1, day: 1) else { return nil }
        return (start, end, label)
    }

    /// What `--period` takes, for messages: "write a year, half, quarter or month: ...".
    public static let hint = "write a year, half, quarter or month: 2026, 2026-H1, 2026-Q3, 2026-07"
}
