/// Recognises literals in bare words: integers, decimals, money with a glued currency (`12.50CNY`),
/// durations (`30day`), dates (`2026-01-31`), ranges (`1..10`), `true`, `false`, `null`.
public enum LiteralClassifier {
    public static func literal(_ word: String) -> Literal? {
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        let bytes = Array(word.utf8)
        guard let first = bytes.first else { return nil }
        let startsNumeric = isDigit(first) || ((first == 45 || first == 43) && bytes.count > 1 && isDigit(bytes[1]))
        guard startsNumeric else { return nil }
        if let value = Int64(word) { return .int(value) }
        if let range = range(word) { return range }
        if isDecimal(bytes) { return .decimal(word) }
        if let duration = duration(word) { return .duration(duration) }
        if let months = months(word) { return .months(months) }
        if isDate(bytes) { return .date(word) }
        if isMoney(bytes) { return .money(word) }
        return nil
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    static func isDecimal(_ bytes: [UInt8]) -> Bool {
        var body = bytes[...]
        if body.first == 45 || body.first == 43 { body = body.dropFirst() }
        let parts = body.split(separator: 46, omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && parts.allSatisfy { $0.allSatisfy(isDigit) }
    }

    static func range(_ word: String) -> Literal? {
        let bytes = Array(word.utf8)
        guard bytes.count >= 4 else { return nil }
        for index in 1..<(bytes.count - 2) where bytes[index] == 46 && bytes[index + 1] == 46 {
            let low = String(decoding: bytes[..<index], as: UTF8.self)
            let high = String(decoding: bytes[(index + 2)...], as: UTF8.self)
            guard let from = Int64(low), let to = Int64(high) else { return nil }
            return .range(from, to)
        }
        return nil
    }

    static let units: [(String, Int64)] = [
        ("day", 86_400), ("days", 86_400), ("week", 604_800), ("weeks", 604_800), ("wk", 604_800),
        ("hr", 3600), ("hour", 3600), ("hours", 3600), ("min", 60), ("sec", 1),
    ]

    public static func duration(_ word: String) -> Int64? {
        for (unit, seconds) in units where word.hasSuffix(unit) {
            guard let count = Int64(word.dropLast(unit.count)) else { continue }
            let (product, overflow) = count.multipliedReportingOverflow(by: seconds)
            return overflow ? nil : product
        }
        return nil
    }

    static let calendarUnits: [(String, Int64)] = [("months", 1), ("month", 1), ("years", 12), ("year", 12), ("yr", 12)]

    /// `1month`, `3months`, `1year`, `2yr` as a number of months.
    public static func months(_ word: String) -> Int64? {
        for (unit, size) in calendarUnits where word.hasSuffix(unit) {
            guard let count = Int64(word.dropLast(unit.count)) else { continue }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            return overflow ? nil : product
        }
        return nil
    }

    static func isDate(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 10 && bytes[4] == 45 && bytes[7] == 45 && bytes[0..<4].allSatisfy(isDigit)
    }

    /// A number with three capital letters glued on: `100CNY`, `12.50USD`, `1,000.00JPY`.
    static func isMoney(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        let code = bytes.suffix(3)
        guard code.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return false }
        let number = bytes.dropLast(3)
        return number.allSatisfy { isDigit($0) || $0 == 46 || $0 == 44 || $0 == 45 }
    }
}
