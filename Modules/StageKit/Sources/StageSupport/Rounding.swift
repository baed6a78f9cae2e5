#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// The one rounding rule for the shares and averages commands show: a ratio of integers as a
/// decimal with one digit after the point, rounded half to even, exactly (never through floating
/// point). Reports and `screen train` both use it, so 61.46% reads 61.5 everywhere.
public enum Rounding {
    /// `numerator / denominator` in tenths, rounded half to even; the denominator must not be 0.
    public static func tenths(_ numerator: Int128, _ denominator: Int128) -> Int128 {
        let scaled = numerator * 10
        var quotient = scaled / denominator
        let twice = (scaled % denominator).magnitude * 2
        if twice > denominator.magnitude || (twice == denominator.magnitude && quotient % 2 != 0) {
            quotient += (scaled < 0) != (denominator < 0) ? -1 : 1
        }
        return quotient
    }

    /// A number of tenths as a decimal: 615 → 61.5.
    public static func decimal(tenths: Int128) -> Value { .decimal(Decimal(Int64(clamping: tenths)) / 10) }

    /// `part / whole` as a percentage with one decimal (`62.5`); null when `whole` is 0.
    public static func percent(_ part: Int64, of whole: Int64) -> Value {
        whole == 0 ? .null : decimal(tenths: tenths(Int128(part) * 100, Int128(whole)))
    }
}
