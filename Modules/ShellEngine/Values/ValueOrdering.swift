#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// Comparing values for operators, `where` and `sort-by`. An integer or decimal compared with
/// money counts as units of that money's currency, so `budget > 1000` means 1,000.00 in the budget's
/// currency. SQL push-down (`Relation+Pushdown`) follows the same rules.
enum ValueOrdering {
    enum Outcome { case less, equal, greater }

    /// The order of two values, or `nil` when they cannot be compared (different types, currencies).
    static func compare(_ a: Value, _ b: Value) -> Outcome? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return order(x, y)
        case (.string(let x), .string(let y)): return order(x, y)
        case (.bool(let x), .bool(let y)): return order(x ? 1 : 0, y ? 1 : 0)
        case (.date(let x), .date(let y)): return order(x, y)
        case (.duration(let x), .duration(let y)): return order(x, y)
        case (.months(let x), .months(let y)): return order(x, y)
        case (.id(let x), .id(let y)):
            guard x.kind == y.kind else { return nil }
            return order(x.number, y.number)
        case (.money(let x), .money(let y)):
            guard x.currency == y.currency else { return nil }
            return order(x.minorUnits, y.minorUnits)
        case (.decimal, .decimal), (.decimal, .int), (.int, .decimal):
            guard let x = decimal(a), let y = decimal(b) else { return nil }
            return order(x, y)
        case (.money(let x), .int), (.money(let x), .decimal):
            guard let y = decimal(b) else { return nil }
            return order(Decimal(x.minorUnits), y * Decimal(x.scale))
        case (.int, .money), (.decimal, .money):
            return compare(b, a).map(flip)
        case (.null, .null): return .equal
        default: return nil
        }
    }

    static func flip(_ outcome: Outcome) -> Outcome {
        outcome == .less ? .greater : outcome == .greater ? .less : .equal
    }

    static func decimal(_ value: Value) -> Decimal? {
        switch value {
        case .int(let i): return Decimal(i)
        case .decimal(let d): return d
        default: return nil
        }
    }

    private static func order<T: Comparable>(_ x: T, _ y: T) -> Outcome {
        x < y ? .less : x == y ? .equal : .greater
    }

    /// Equality as `==` sees it: comparable values by `compare`, others structurally.
    static func equal(_ a: Value, _ b: Value) -> Bool {
        if let outcome = compare(a, b) { return outcome == .equal }
        return a == b
    }

    /// Sorting order: comparable values by `compare`, nulls last, money by currency then amount,
    /// otherwise by text.
    static func sortsBefore(_ a: Value, _ b: Value) -> Bool {
        if a == .null { return false }
        if b == .null { return true }
        if case .money(let x) = a, case .money(let y) = b, x.currency != y.currency {
            return x.currency.code < y.currency.code
        }
        if let outcome = compare(a, b) { return outcome == .less }
        return a.plainText < b.plainText
    }
}
