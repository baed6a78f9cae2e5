#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `NSDecimalNumber` and `NSDecimalRound` gave, on `Decimal` alone (FoundationEssentials has
/// neither; full Foundation stays off the path to the first result: docs/benchmarks.md, start-up).
extension Decimal {
    /// The whole part (the fraction dropped, toward zero) as an integer; nil when it does not fit in
    /// an `Int64`.
    public var truncatedInt64: Int64? {
        guard isFinite else { return nil }
        let text = description
        let whole = text.firstIndex(of: ".").map { text[..<$0] } ?? text[...]
        return whole == "-0" ? 0 : Int64(whole)
    }

    /// The nearest whole number, halves rounded away from zero (`halfEven` false) or to the even
    /// neighbour (`halfEven` true).
    public func roundedToWhole(halfEven: Bool) -> Decimal {
        guard isFinite else { return self }
        let text = description
        guard let point = text.firstIndex(of: ".") else { return self }
        let negative = text.hasPrefix("-")
        let wholeText = text[..<point]
        guard var whole = Decimal(string: String(wholeText == "-" ? "0" : wholeText)) else { return self }
        let fraction = (self - whole).magnitude
        let half = Decimal(5) / 10
        let lastDigit = wholeText.last?.wholeNumberValue ?? 0
        if fraction > half || (fraction == half && (!halfEven || lastDigit % 2 == 1)) {
            whole += negative ? -1 : 1
        }
        return whole
    }

    /// The nearest `Double` (for drawing, never for money).
    public var doubleValue: Double { Double(description) ?? 0 }
}
