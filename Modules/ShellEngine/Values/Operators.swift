#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// What binary operators do to values. Integer arithmetic is checked for overflow, money stays in
/// integer minor units (products and quotients round half to even), and mixing types that do not
/// mix is an error naming both types.
enum Operators {
    struct Failure: Error {
        let message: String
        var hint: String?
    }

    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) throws(Failure) -> Value {
        switch op {
        case .add: return try add(a, b)
        case .subtract: return try subtract(a, b)
        case .multiply: return try multiply(a, b)
        case .divide, .floorDivide, .modulo: return try divide(op, a, b)
        case .equal: return .bool(ValueOrdering.equal(a, b))
        case .notEqual: return .bool(!ValueOrdering.equal(a, b))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            if a == .null || b == .null { return .bool(false) }
            // Amounts in different currencies are neither larger nor smaller than each other.
            if case .money(let x) = a, case .money(let y) = b, x.currency != y.currency { return .bool(false) }
            guard let outcome = ValueOrdering.compare(a, b) else {
                throw Failure(message: "cannot compare \(describe(a)) with \(describe(b))")
            }
            switch op {
            case .less: return .bool(outcome == .less)
            case .lessOrEqual: return .bool(outcome != .greater)
            case .greater: return .bool(outcome == .greater)
            default: return .bool(outcome != .less)
            }
        case .contains, .notContains:
            let found = contains(a, b)
            return .bool(op == .contains ? found : !found)
        case .isIn, .notIn:
            let found = contains(b, a)
            return .bool(op == .isIn ? found : !found)
        case .and, .or:
            guard case .bool(let x) = a, case .bool(let y) = b else {
                throw Failure(message: "\(op.rawValue) needs two bools, got \(describe(a)) and \(describe(b))")
            }
            return .bool(op == .and ? x && y : x || y)
        }
    }

    /// `a =~ b`: text containing text (ignoring case, not accents: `UnicodeText`), a list containing a value.
    static func contains(_ a: Value, _ b: Value) -> Bool {
        switch a {
        case .list(let items): return items.contains { ValueOrdering.equal($0, b) }
        case .range(let low, let high):
            if case .int(let i) = b { return i >= low && i <= high }
            return false
        case .null: return false
        default: return UnicodeText.containsIgnoringCase(a.plainText, b.plainText)
        }
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .money(let m): return "money (\(m.currency.code))"
        case .null: return "null"
        default: return value.typeName
        }
    }

    private static func mismatch(_ op: String, _ a: Value, _ b: Value) -> Failure {
        Failure(message: "cannot apply \(op) to \(describe(a)) and \(describe(b))")
    }

    private static func checked(_ result: (Int64, Bool)) throws(Failure) -> Value {
        guard !result.1 else { throw Failure(message: "integer overflow") }
        return .int(result.0)
    }

    private static func add(_ a: Value, _ b: Value) throws(Failure) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return try checked(x.addingReportingOverflow(y))
        case (.decimal, .int), (.int, .decimal), (.decimal, .decimal):
            return .decimal((ValueOrdering.decimal(a) ?? 0) + (ValueOrdering.decimal(b) ?? 0))
        case (.money(let x), .money(let y)):
            do { return .money(try x.adding(y)) } catch { throw Failure(message: error.description) }
        case (.date(let d), .duration(let s)), (.duration(let s), .date(let d)):
            return try shifted(d, by: Double(s))
        case (.date(let d), .months(let n)), (.months(let n), .date(let d)):
            return try shifted(d, byMonths: n)
        case (.months(let x), .months(let y)):
            guard case .int(let sum) = try checked(x.addingReportingOverflow(y)) else { return .null }
            return .months(sum)
        case (.duration(let x), .duration(let y)):
            let sum = try checked(x.addingReportingOverflow(y))
            if case .int(let s) = sum { return .duration(s) }
            return sum
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.list(let x), .list(let y)): return .list(x + y)
        default:
            if case .string = a { return .string(a.plainText + b.plainText) }
            throw mismatch("+", a, b)
        }
    }

    private static func subtract(_ a: Value, _ b: Value) throws(Failure) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return try checked(x.subtractingReportingOverflow(y))
        case (.decimal, .int), (.int, .decimal), (.decimal, .decimal):
            return .decimal((ValueOrdering.decimal(a) ?? 0) - (ValueOrdering.decimal(b) ?? 0))
        case (.money(let x), .money(let y)):
            do { return .money(try x.adding(Money(minorUnits: -y.minorUnits, currency: y.currency))) } catch {
                throw Failure(message: error.description)
            }
        case (.date(let d), .duration(let s)): return try shifted(d, by: -Double(s))
        case (.date(let d), .months(let n)):
            guard n != .min else { throw Failure(message: "integer overflow") }
            return try shifted(d, byMonths: -n)
        case (.months(let x), .months(let y)):
            guard case .int(let difference) = try checked(x.subtractingReportingOverflow(y)) else { return .null }
            return .months(difference)
        case (.date(let x), .date(let y)): return .duration(Int64(x.timeIntervalSince(y).rounded()))
        case (.duration(let x), .duration(let y)):
            let difference = try checked(x.subtractingReportingOverflow(y))
            if case .int(let s) = difference { return .duration(s) }
            return difference
        default: throw mismatch("-", a, b)
        }
    }

    private static func multiply(_ a: Value, _ b: Value) throws(Failure) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return try checked(x.multipliedReportingOverflow(by: y))
        case (.decimal, .int), (.int, .decimal), (.decimal, .decimal):
            return .decimal((ValueOrdering.decimal(a) ?? 0) * (ValueOrdering.decimal(b) ?? 0))
        case (.money(let m), .int), (.money(let m), .decimal):
            return try scale(m, by: ValueOrdering.decimal(b) ?? 0)
        case (.int, .money(let m)), (.decimal, .money(let m)):
            return try scale(m, by: ValueOrdering.decimal(a) ?? 0)
        case (.duration(let s), .int(let n)), (.int(let n), .duration(let s)):
            let product = try checked(s.multipliedReportingOverflow(by: n))
            if case .int(let p) = product { return .duration(p) }
            return product
        case (.months(let m), .int(let n)), (.int(let n), .months(let m)):
            guard case .int(let product) = try checked(m.multipliedReportingOverflow(by: n)) else { return .null }
            return .months(product)
        case (.string(let s), .int(let n)) where n >= 0 && n <= 10_000:
            return .string(String(repeating: s, count: Int(n)))
        default: throw mismatch("*", a, b)
        }
    }

    /// A date moved by a number of seconds, refused when it leaves the years Funnel can print.
    private static func shifted(_ date: Date, by seconds: Double) throws(Failure) -> Value {
        let result = date.addingTimeInterval(seconds)
        guard Day.isSupported(result) else { throw Failure(message: "the date would fall outside the years 1 to 9999") }
        return .date(result)
    }

    /// A date moved by whole calendar months, keeping the day of the month and the time of day; when
    /// the month reached is shorter, the day becomes its last (`2026-01-31 + 1month` is 2026-02-28).
    static func shifted(_ date: Date, byMonths count: Int64) throws(Failure) -> Value {
        let outside = Failure(message: "the date would fall outside the years 1 to 9999")
        let (year, month, day) = Day.components(date)
        guard let midnight = Day.date(year: year, month: month, day: day) else { throw outside }
        let timeOfDay = date.timeIntervalSince(midnight)
        let (total, overflow) = (Int64(year) * 12 + Int64(month - 1)).addingReportingOverflow(count)
        guard !overflow, total >= 12, total < 10_000 * 12 else { throw outside }
        let newYear = Int(total / 12), newMonth = Int(total % 12) + 1
        for candidate in stride(from: day, through: min(day, 28), by: -1) {
            if let shifted = Day.date(year: newYear, month: newMonth, day: candidate) {
                return .date(shifted.addingTimeInterval(timeOfDay))
            }
        }
        throw outside
    }

    private static func divide(_ op: BinaryOperator, _ a: Value, _ b: Value) throws(Failure) -> Value {
        if let divisor = ValueOrdering.decimal(b), divisor == 0 { throw Failure(message: "division by zero") }
        switch (op, a, b) {
        // Floor modulo: the result takes the divisor's sign, so (a // b) * b + (a mod b) == a for
        // every sign. x % -1 is always 0, and -1 is the one divisor whose remainder can overflow
        // (Int64.min % -1); adding y to a remainder of the other sign cannot overflow (|r| < |y|).
        case (.modulo, .int(let x), .int(let y)):
            if y == -1 { return .int(0) }
            let r = x % y
            return .int(r != 0 && (r < 0) != (y < 0) ? r + y : r)
        case (.floorDivide, .int(let x), .int(let y)):
            let (q, overflow) = x.dividedReportingOverflow(by: y)
            if overflow { throw Failure(message: "integer overflow") }
            return .int(y != -1 && (x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q)
        case (.divide, .int(let x), .int(let y)) where y != 0 && !x.dividedReportingOverflow(by: y).overflow && x % y == 0: return .int(x / y)
        case (.divide, .int, .int), (.divide, .decimal, .int), (.divide, .int, .decimal), (.divide, .decimal, .decimal):
            return .decimal((ValueOrdering.decimal(a) ?? 0) / (ValueOrdering.decimal(b) ?? 1))
        case (.divide, .money(let m), .int), (.divide, .money(let m), .decimal):
            return try scale(m, by: 1 / (ValueOrdering.decimal(b) ?? 1))
        case (.divide, .money(let x), .money(let y)):
            guard x.currency == y.currency else { throw mismatch("/", a, b) }
            guard y.minorUnits != 0 else { throw Failure(message: "division by zero") }
            return .decimal(Decimal(x.minorUnits) / Decimal(y.minorUnits))
        case (.divide, .duration(let s), .int(let n)): return .duration(s / n)
        default: throw mismatch(op.rawValue, a, b)
        }
    }

    /// Money times a factor, rounded half to even to whole minor units.
    static func scale(_ money: Money, by factor: Decimal) throws(Failure) -> Value {
        let rounded = (Decimal(money.minorUnits) * factor).roundedToWhole(halfEven: true)
        guard let minor = rounded.truncatedInt64, Decimal(minor) == rounded else { throw Failure(message: "the amount is too large") }
        return .money(Money(minorUnits: minor, currency: money.currency))
    }
}
