#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// Exact, reproducible figures for reports: shares and days as decimals with one digit after the
/// point, rounded half to even from integers (never through floating point).
enum Figures {
    /// `numerator / denominator` in tenths, rounded half to even (StageKit's one rule, `Rounding`).
    static func tenths(_ numerator: Int128, _ denominator: Int128) -> Int128 { Rounding.tenths(numerator, denominator) }

    static func decimal(tenths: Int128) -> Value { Rounding.decimal(tenths: tenths) }

    /// A percentage with one decimal (`62.5`); null when there is nothing to divide by.
    static func percent(_ part: Int64, of whole: Int64) -> Value { Rounding.percent(part, of: whole) }

    /// Seconds as days with one decimal.
    static func days(_ seconds: Int128) -> Value { decimal(tenths: tenths(seconds, 86_400)) }

    /// A decimal figure for comparing; -1 for null (below every share and number of days).
    static func number(_ value: Value) -> Decimal {
        if case .decimal(let decimal) = value { return decimal }
        return -1
    }

    /// A decimal figure in whole tenths, for bar lengths; 0 for null.
    static func tenths(of value: Value?) -> Int64 {
        max(0, (number(value ?? .null) * 10).truncatedInt64 ?? 0)
    }

    /// Money summed per currency: one amount, a list of amounts in different currencies, or zero.
    static func money(_ sums: [(currency: String, minor: Int64)], zeroIn fallback: Currency = .cny) -> Value {
        let amounts = sums.filter { !$0.currency.isEmpty }.sorted { $0.currency < $1.currency }
            .map { Money(minorUnits: $0.minor, currency: Currency(code: $0.currency) ?? fallback) }
        switch amounts.count {
        case 0: return .money(Money(minorUnits: 0, currency: fallback))
        case 1: return .money(amounts[0])
        default: return .list(amounts.map(Value.money))
        }
    }

    /// Adds amounts without trapping: a sum past the largest amount is an error, not a crash.
    static func add(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw CommandError("a total is larger than the largest amount Funnel holds") }
        return sum
    }
}
