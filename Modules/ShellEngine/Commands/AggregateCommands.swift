#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `sum`, `avg`, `min`, `max` over a list of numbers, amounts or durations (a column with `get`).
enum Aggregates {
    static func values(_ invocation: Invocation, _ context: CallContext, _ name: String) throws -> [Value] {
        try context.items(invocation.input, for: name).filter { $0 != .null }
    }

    /// The sum of numbers, amounts of one currency or durations; anything else (text, which `+` would
    /// join, lists, dates) is refused rather than added.
    static func total(_ values: [Value], for name: String = "sum") throws -> Value {
        if let index = values.firstIndex(where: { !isAddable($0) }) {
            throw CommandError("\(name) adds numbers, amounts and durations, not \(Operators.describe(values[index])) (\(values[index].plainText))",
                               hint: "take a column of numbers or amounts; text is joined with reduce { |s, all| $all + $s }")
        }
        guard var sum = values.first else { return .int(0) }
        for value in values.dropFirst() {
            do { sum = try Operators.apply(.add, sum, value) } catch { throw CommandError(error.message) }
        }
        return sum
    }

    private static func isAddable(_ value: Value) -> Bool {
        switch value {
        case .int, .decimal, .money, .duration, .months: return true
        default: return false
        }
    }

    /// The mean of the values, null when there are none; whole numbers add up in 128 bits, so a
    /// mean of large integers is exact instead of an overflow.
    static func mean(_ values: [Value]) throws -> Value {
        guard !values.isEmpty else { return .null }
        if values.allSatisfy({ if case .int = $0 { true } else { false } }) {
            var sum: Int128 = 0
            for case .int(let value) in values { sum += Int128(value) }
            return mean(sum: sum, count: Int128(values.count))
        }
        return try divide(try total(values, for: "avg"), by: Int64(values.count))
    }

    static func divide(_ total: Value, by count: Int64) throws -> Value {
        do { return try Operators.apply(.divide, total, .int(count)) } catch { throw CommandError(error.message) }
    }

    /// `sum / count` exactly: an integer when it divides, else a decimal.
    static func mean(sum: Int128, count: Int128) -> Value {
        if sum % count == 0, let mean = Int64(exactly: sum / count) { return .int(mean) }
        return .decimal((Decimal(string: String(sum)) ?? 0) / (Decimal(string: String(count)) ?? 1))
    }
}

enum SumCommand {
    static let command = EngineCommand(CommandSignature(
        "sum",
        summary: "Add up a list of numbers, amounts (one currency) or durations.",
        input: .any, output: .any,
        examples: [Example("lead list | get budget | sum", "The total of all budgets.",
                           setup: "lead add A --budget 100; lead add B --budget 250.50")])) { invocation, context in
        try Aggregates.total(try Aggregates.values(invocation, context, "sum"))
    }
}

enum AverageCommand {
    static let command = EngineCommand(CommandSignature(
        "avg",
        summary: "The mean of a list of numbers or amounts (amounts round half to even to the cent).",
        input: .any, output: .any,
        examples: [Example("[1 2 3 4] | avg", "2.5.")])) { invocation, context in
        try Aggregates.mean(try Aggregates.values(invocation, context, "avg"))
    }
}

enum MinimumCommand {
    static let command = EngineCommand(CommandSignature(
        "min",
        summary: "The smallest of a list of values.",
        input: .any, output: .any,
        examples: [Example("[3 1 2] | min", "1.")])) { invocation, context in
        try Extremes.pick(try Aggregates.values(invocation, context, "min"), smallest: true)
    }
}

enum MaximumCommand {
    static let command = EngineCommand(CommandSignature(
        "max",
        summary: "The largest of a list of values.",
        input: .any, output: .any,
        examples: [Example("lead list | get budget | max", "The largest budget.",
                           setup: "lead add A --budget 100; lead add B --budget 900")])) { invocation, context in
        try Extremes.pick(try Aggregates.values(invocation, context, "max"), smallest: false)
    }
}

enum Extremes {
    static func pick(_ values: [Value], smallest: Bool) throws -> Value {
        guard var best = values.first else { return .null }
        for value in values.dropFirst() {
            guard let outcome = ValueOrdering.compare(value, best) else {
                throw CommandError("cannot compare \(Operators.describe(value)) with \(Operators.describe(best))")
            }
            if smallest ? outcome == .less : outcome == .greater { best = value }
        }
        return best
    }
}
