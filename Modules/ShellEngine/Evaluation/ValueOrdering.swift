import FunnelModel
import StageKit

/// Comparing values for `where` and `sort-by`. An integer compared with money counts as whole units
/// of that money's currency, so `where budget > 1000` means 1,000.00 in the budget's currency.
enum ValueOrdering {
    enum Outcome { case less, equal, greater }

    /// The order of two values, or `nil` when they cannot be compared (different types, currencies).
    static func compare(_ a: Value, _ b: Value) -> Outcome? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return order(x, y)
        case (.string(let x), .string(let y)): return order(x, y)
        case (.bool(let x), .bool(let y)): return order(x ? 1 : 0, y ? 1 : 0)
        case (.date(let x), .date(let y)): return order(x, y)
        case (.id(let x), .id(let y)):
            guard x.kind == y.kind else { return nil }
            return order(x.number, y.number)
        case (.money(let x), .money(let y)):
            guard x.currency == y.currency else { return nil }
            return order(x.minorUnits, y.minorUnits)
        case (.money(let x), .int(let y)):
            guard let other = Money.major(y, x.currency) else { return y > 0 ? .less : .greater }
            return order(x.minorUnits, other.minorUnits)
        case (.int, .money):
            return compare(b, a).map { $0 == .less ? .greater : $0 == .greater ? .less : .equal }
        case (.null, .null): return .equal
        default: return nil
        }
    }

    private static func order<T: Comparable>(_ x: T, _ y: T) -> Outcome {
        x < y ? .less : x == y ? .equal : .greater
    }

    /// Sorting order: comparable values by `compare`, nulls last, otherwise by text.
    static func sortsBefore(_ a: Value, _ b: Value) -> Bool {
        if a == .null { return false }
        if b == .null { return true }
        if let outcome = compare(a, b) { return outcome == .less }
        return a.plainText < b.plainText
    }
}
