#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `format date PATTERN`: a date as text, by strftime-style directives (`%Y-%m` gives `2026-01`).
enum FormatDateCommand {
    static let command = EngineCommand(CommandSignature(
        "format date",
        summary: "A date as text: %Y year, %m month, %d day, %H:%M:%S time, %b/%B month name, %a/%A weekday, %j day of the year, %F for %Y-%m-%d, %% for %.",
        positionals: [Positional("pattern", .string, "The text to write, with %-directives for the parts of the date.")],
        input: .any, output: .any,
        examples: [
            Example("2026-01-31 | format date '%Y-%m'", "2026-01."),
            Example("2026-01-31 | format date '%a %d %b %Y'", "Sat 31 Jan 2026."),
        ])) { invocation, context in
        let pattern = invocation.string("pattern") ?? ""
        try check(pattern)
        let input = try context.interpreter.materialize(invocation.input, at: context.node)
        func one(_ value: Value) throws -> Value {
            switch value {
            case .date(let date): return .string(format(date, pattern))
            case .string(let text):
                do { return .string(format(try Day.parse(text), pattern)) } catch {
                    throw CommandError("format date: \(error.description)")
                }
            case .null: return .null
            default: throw CommandError("format date needs a date as input, got \(Operators.describe(value))")
            }
        }
        if case .list(let items) = input { return .list(try items.map(one)) }
        return try one(input)
    }

    static let directives: Set<Character> = ["Y", "y", "m", "d", "e", "H", "M", "S", "b", "B", "a", "A", "j", "u", "F", "T", "%"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Refuses a pattern with an unknown directive or a `%` at its end.
    static func check(_ pattern: String) throws {
        var characters = pattern.makeIterator()
        while let character = characters.next() {
            guard character == "%" else { continue }
            guard let directive = characters.next() else {
                throw CommandError("the pattern ends with a lone %", argument: "pattern", hint: "write %% for a % sign")
            }
            guard directives.contains(directive) else {
                throw CommandError("unknown directive %\(directive) in the pattern", argument: "pattern",
                                   hint: "known: %Y %y %m %d %e %H %M %S %b %B %a %A %j %u %F %T %%")
            }
        }
    }

    /// The date as the (checked) pattern says, in UTC like every date Funnel prints.
    static func format(_ date: Date, _ pattern: String) -> String {
        let (year, month, day) = Day.components(date)
        let midnight = Day.date(year: year, month: month, day: day) ?? date
        let seconds = Int(date.timeIntervalSince(midnight))
        let days = Int((midnight.timeIntervalSince1970 / 86_400).rounded(.down))
        let weekday = ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday: 0 is Monday
        let dayOfYear = Int(midnight.timeIntervalSince(Day.date(year: year, month: 1, day: 1) ?? midnight) / 86_400) + 1
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        func four(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n) }
        var out = ""
        var characters = pattern.makeIterator()
        while let character = characters.next() {
            guard character == "%", let directive = characters.next() else { out.append(character); continue }
            switch directive {
            case "Y": out += four(year)
            case "y": out += two(year % 100)
            case "m": out += two(month)
            case "d": out += two(day)
            case "e": out += (day < 10 ? " " : "") + String(day)
            case "H": out += two(seconds / 3600)
            case "M": out += two(seconds / 60 % 60)
            case "S": out += two(seconds % 60)
            case "b": out += String(monthNames[month - 1].prefix(3))
            case "B": out += monthNames[month - 1]
            case "a": out += String(dayNames[weekday].prefix(3))
            case "A": out += dayNames[weekday]
            case "j": out += String(repeating: "0", count: max(0, 3 - String(dayOfYear).count)) + String(dayOfYear)
            case "u": out += String(weekday + 1)
            case "F": out += four(year) + "-" + two(month) + "-" + two(day)
            case "T": out += two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60)
            default: out.append(directive)
            }
        }
        return out
    }
}
