import Foundation

/// Parsing and printing of calendar dates and timestamps, always in UTC so output is reproducible.
public enum Day {
    /// Why a text is not a date.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "\"\(text)\" is not a date (expected YYYY-MM-DD, M/D/YYYY or an ISO timestamp)"
        }
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    /// Parses `2026-01-31`, `1/31/2026` or `2026-01-31T09:30:00Z` (also with an offset).
    public static func parse(_ input: String) throws(ParseError) -> Date {
        let text = input.trimmingSpaces
        if let date = parseISODay(text) ?? parseUSDay(text) ?? parseTimestamp(text) { return date }
        throw ParseError(text: input)
    }

    private static func makeDate(_ year: Int, _ month: Int, _ day: Int) -> Date? {
        guard (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = utc.date(from: components) else { return nil }
        // Reject days the month does not have (2026-02-30 would roll over into March).
        let back = utc.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return date
    }

    private static func numbers(_ text: Substring, separator: Character, lengths: [ClosedRange<Int>]) -> [Int]? {
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == lengths.count else { return nil }
        var result: [Int] = []
        for (part, allowed) in zip(parts, lengths) {
            guard allowed.contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(part) else { return nil }
            result.append(value)
        }
        return result
    }

    private static func parseISODay(_ text: String) -> Date? {
        guard let n = numbers(Substring(text), separator: "-", lengths: [4...4, 2...2, 2...2]) else { return nil }
        return makeDate(n[0], n[1], n[2])
    }

    private static func parseUSDay(_ text: String) -> Date? {
        guard let n = numbers(Substring(text), separator: "/", lengths: [1...2, 1...2, 4...4]) else { return nil }
        return makeDate(n[2], n[0], n[1])
    }

    private static func parseTimestamp(_ text: String) -> Date? {
        guard text.count > 10, let separator = text.firstIndex(where: { $0 == "T" || $0 == " " }),
              let day = parseISODay(String(text[..<separator])) else { return nil }
        var rest = text[text.index(after: separator)...]
        var offsetSeconds = 0
        if rest.hasSuffix("Z") {
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = rest[rest.index(after: signIndex)...].replacingOccurrences(of: ":", with: "")
            guard offset.count == 4, let hours = Int(offset.prefix(2)), let minutes = Int(offset.suffix(2))
            else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (rest[signIndex] == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        }
        let clockPart = rest.split(separator: ".", maxSplits: 1).first ?? rest
        guard let hms = numbers(clockPart, separator: ":", lengths: [2...2, 2...2, 2...2])
                ?? numbers(clockPart, separator: ":", lengths: [2...2, 2...2]).map({ $0 + [0] }),
              hms[0] < 24, hms[1] < 60, hms[2] < 61
        else { return nil }
        let seconds = hms[0] * 3600 + hms[1] * 60 + hms[2] - offsetSeconds
        return day.addingTimeInterval(TimeInterval(seconds))
    }

    /// `2026-01-31`.
    public static func format(_ date: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// `2026-01-31T09:30:00Z`.
    public static func formatTimestamp(_ date: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// True when the instant is midnight UTC, i.e. it carries a day and no time of day.
    public static func isWholeDay(_ date: Date) -> Bool {
        date.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0
    }
}
