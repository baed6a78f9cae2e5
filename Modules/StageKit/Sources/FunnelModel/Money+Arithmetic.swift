extension Money {
    /// Why two amounts cannot be combined.
    public enum ArithmeticError: Error, Equatable, CustomStringConvertible {
        case currencyMismatch(Currency, Currency)
        case overflow

        public var description: String {
            switch self {
            case .currencyMismatch(let a, let b): return "cannot combine \(a.code) with \(b.code)"
            case .overflow: return "the amount is too large"
            }
        }
    }

    /// The sum of two amounts in one currency; throws on mixed currencies or overflow.
    public func adding(_ other: Money) throws(ArithmeticError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: sum, currency: currency)
    }

    /// Orders two amounts of one currency; `nil` when the currencies differ.
    public func compare(_ other: Money) -> ComparisonResult? {
        guard currency == other.currency else { return nil }
        if minorUnits == other.minorUnits { return .same }
        return minorUnits < other.minorUnits ? .ascending : .descending
    }

    /// A whole number of major units as money of this currency (`1000` → `1,000.00 CNY`), or `nil` on overflow.
    public static func major(_ units: Int64, _ currency: Currency) -> Money? {
        let (product, overflow) = units.multipliedReportingOverflow(by: scale(of: currency))
        return overflow ? nil : Money(minorUnits: product, currency: currency)
    }

    /// The amount times `numerator / denominator`, rounded half to even to a whole minor unit, or `nil`
    /// on overflow. Discounts are `applying(10_000 - basisPoints, over: 10_000)`.
    public func scaled(by numerator: Int64, over denominator: Int64) -> Money? {
        guard denominator > 0 else { return nil }
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: numerator)
        guard !overflow else { return nil }
        var quotient = product / denominator
        let remainder = product % denominator
        let twice = remainder.magnitude * 2
        if twice > denominator.magnitude || (twice == denominator.magnitude && quotient % 2 != 0) {
            quotient += product < 0 ? -1 : 1
        }
        return Money(minorUnits: quotient, currency: currency)
    }

    /// The result of comparing two values.
    @frozen public enum ComparisonResult: Sendable { case ascending, same, descending }
}
