#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Parsing and printing of calendar dates and timestamps, always in UTC so output is reproducible.
public enum Day {
    /// Why a text is not a date.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "\"\(text)\" is not a date (expected YYYY-MM-DD, M/D/YYYY, YYYY/M/D, D.M.YYYY, YYYY年M月D日 or an ISO timestamp)"
        }
    }

    /// Parses `2026-01-31`, `1/31/2026` or `2026-01-31T09:30:00Z` (also with an offset), and the forms
    /// other tools export whose order is not in doubt: `2026/1/31`, `2026.1.31`, `2026年1月31日`, and
    /// `31.1.2026` (day first, as dotted dates are written).
    public static func parse(_ input: String) throws(ParseError) -> Date {
        if let date = parseFast(Array(input.utf8)) { return date }
        let text = input.trimmingSpaces
        if let date = parseISODay(text) ?? parseUSDay(text) ?? parseTimestamp(text) ?? parseOtherDay(text) { return date }
        throw ParseError(text: input)
    }

    /// `YYYY-MM-DD`, `M/D/YYYY` and `YYYY-MM-DDTHH:MM:SSZ` read straight from bytes; `nil` for
    /// anything else (which the general parser then tries).
    static func parseFast(_ b: [UInt8]) -> Date? {
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < b.count, b[index] >= 48, b[index] <= 57 else { return nil }
                value = value * 10 + Int(b[index] - 48)
            }
            return range.isEmpty ? nil : value
        }
        if b.count == 10, b[4] == 45, b[7] == 45, let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) {
            return makeDate(y, m, d)
        }
        if b.count == 20, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 90,
           let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
           let hh = number(11..<13), let mm = number(14..<16), let ss = number(17..<19), hh < 24, mm < 60, ss < 61,
           let day = makeDate(y, m, d) {
            return day.addingTimeInterval(TimeInterval(hh * 3600 + mm * 60 + ss))
        }
        if (8...10).contains(b.count), let slash1 = b.firstIndex(of: 47), let slash2 = b[(slash1 + 1)...].firstIndex(of: 47),
           (1...2).contains(slash1), (1...2).contains(slash2 - slash1 - 1), b.count - slash2 - 1 == 4,
           let m = number(0..<slash1), let d = number((slash1 + 1)..<slash2), let y = number((slash2 + 1)..<b.count) {
            return makeDate(y, m, d)
        }
        return nil
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day of a count of days since 1970-01-01 (`civil_from_days`).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Midnight UTC of a calendar day, or `nil` when there is no such day (or it is outside years 1-9999).
    public static func date(year: Int, month: Int, day: Int) -> Date? { makeDate(year, month, day) }

    /// The calendar day (UTC) of an instant.
    public static func components(_ date: Date) -> (year: Int, month: Int, day: Int) {
        let seconds = clampedSeconds(date)
        return civil(fromDays: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    private static func makeDate(_ year: Int, _ month: Int, _ day: Int) -> Date? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= daysInMonth(year, month)
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch(year, month, day) * 86_400))
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

    /// `2026/1/31`, `2026.1.31`, `2026年1月31日` (year first) and `31.1.2026` (day first).
    private static func parseOtherDay(_ text: String) -> Date? {
        if text.hasSuffix("日"), let year = text.firstIndex(of: "年"), let month = text.firstIndex(of: "月"), year < month {
            let plain = text.dropLast().replacing("年", with: "/").replacing("月", with: "/")
            return numbers(Substring(plain), separator: "/", lengths: [4...4, 1...2, 1...2]).flatMap { makeDate($0[0], $0[1], $0[2]) }
        }
        for separator: Character in ["/", "."] {
            if let n = numbers(Substring(text), separator: separator, lengths: [4...4, 1...2, 1...2]) { return makeDate(n[0], n[1], n[2]) }
        }
        if let n = numbers(Substring(text), separator: ".", lengths: [1...2, 1...2, 4...4]) { return makeDate(n[2], n[1], n[0]) }
        return nil
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
            let offset = rest[rest.index(after: signIndex)...].replacing(":", with: "")
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

    /// The instants Funnel prints and stores: 0001-01-01 up to the last second of 9999-12-31, so
    /// every date has four year digits and dates sort as text.
    public static let supported: ClosedRange<TimeInterval> =
        TimeInterval(daysSinceEpoch(1, 1, 1) * 86_400)...TimeInterval(daysSinceEpoch(9999, 12, 31) * 86_400 + 86_399)

    public static func isSupported(_ date: Date) -> Bool { supported.contains(date.timeIntervalSince1970) }

    /// Whole seconds since 1970, held inside `supported` (a date computed from a huge duration
    /// prints as the first or last supported second instead of trapping).
    private static func clampedSeconds(_ date: Date) -> Int {
        let t = date.timeIntervalSince1970
        guard !t.isNaN else { return 0 }
        return Int(min(max(t, supported.lowerBound), supported.upperBound).rounded(.down))
    }

    /// `2026-01-31`.
    public static func format(_ date: Date) -> String {
        let seconds = clampedSeconds(date)
        return formatted(seconds, withTime: false)
    }

    /// `2026-01-31T09:30:00Z`.
    public static func formatTimestamp(_ date: Date) -> String {
        formatted(clampedSeconds(date), withTime: true)
    }

    /// Both formats, written as bytes: a million imported leads each store a timestamp.
    private static func formatted(_ seconds: Int, withTime: Bool) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return String(unsafeUninitializedCapacity: withTime ? 20 : 10) { bytes in
            func put(_ number: Int, _ width: Int, at offset: Int) {
                var value = number
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    bytes[index] = UInt8(48 + value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            bytes[4] = 45
            put(month, 2, at: 5)
            bytes[7] = 45
            put(day, 2, at: 8)
            guard withTime else { return 10 }
            bytes[10] = 84
            put(rest / 3600, 2, at: 11)
            bytes[13] = 58
            put(rest / 60 % 60, 2, at: 14)
            bytes[16] = 58
            put(rest % 60, 2, at: 17)
            bytes[19] = 90
            return 20
        }
    }

    /// True when the instant is midnight UTC, i.e. it carries a day and no time of day.
    public static func isWholeDay(_ date: Date) -> Bool {
        date.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0
    }
}
