/// How many integers `low..high` holds, or `nil` when the count does not fit in an `Int64`
/// (`-9223372036854775808..9223372036854775807`). An empty range (`high < low`) holds none.
enum RangeLength {
    static func of(_ low: Int64, _ high: Int64) -> Int64? {
        guard high >= low else { return 0 }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, span < Int64.max else { return nil }
        return span + 1
    }

    /// Whether the range is short enough to list as values.
    static func isListable(_ low: Int64, _ high: Int64) -> Bool {
        (RangeLength.of(low, high) ?? .max) <= 10_000_000
    }
}
