/// An exact amount of money: integer minor units (fen, cents) and a currency. Never floating point.
@frozen public struct Money: Hashable, Sendable {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// The power of ten between major and minor units (100 for CNY).
    public var scale: Int64 { Money.scale(of: currency) }

    static func scale(of currency: Currency) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<currency.minorDigits { result *= 10 }
        return result
    }

    /// Text such as `12,345.67 CNY`: grouped thousands, every minor digit, then the code.
    public var formatted: String {
        let negative = minorUnits < 0
        let magnitude = minorUnits.magnitude
        let scale = UInt64(self.scale)
        let major = String(magnitude / scale)
        var grouped = ""
        for (index, digit) in major.enumerated() {
            if index > 0 && (major.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        var text = (negative ? "-" : "") + grouped
        if currency.minorDigits > 0 {
            let minor = String(magnitude % scale)
            text += "." + String(repeating: "0", count: currency.minorDigits - minor.count) + minor
        }
        return text + " " + currency.code
    }
}

extension Money: CustomStringConvertible {
    public var description: String { formatted }
}

extension Money {
    /// Why a text is not an amount of money.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case empty
        case notANumber(String)
        case tooManyDecimals(String, allowed: Int)
        case unknownCurrency(String)
        case tooLarge(String)

        public var description: String {
            switch self {
            case .empty: return "an amount is required"
            case .notANumber(let text): return "\"\(text)\" is not an amount (expected e.g. 12,345.67 CNY)"
            case .tooManyDecimals(let text, let allowed):
                return "\"\(text)\" has more than \(allowed) decimal places"
            case .unknownCurrency(let text): return Currency.UnknownCode(text).description
            case .tooLarge(let text): return "\"\(text)\" is too large an amount"
            }
        }
    }

    /// Parses `12,345.67 CNY`, `CNY 12345.67`, `-5` or `50000`; a missing currency means `defaultCurrency`.
    /// The currency is read by `Currency.read`, so `5000 RMB` is 5,000.00 CNY.
    ///
    /// Thousands separators must group by three; the decimal part may not be longer than the
    /// currency's minor digits, so nothing is ever rounded away.
    public static func parse(_ input: String, defaultCurrency: Currency = .cny) throws(ParseError) -> Money {
        if let money = parsePlainNumber(input, currency: defaultCurrency) { return money }
        let text = input.trimmingSpaces
        guard !text.isEmpty else { throw .empty }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var currency = defaultCurrency
        let number: String
        switch words.count {
        case 1:
            number = words[0]
        case 2:
            let (first, second) = (words[0], words[1])
            if first.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true {
                do throws(Currency.UnknownCode) { currency = try Currency.read(second) } catch { throw .unknownCurrency(second) }
                number = first
            } else if Currency(code: first) != nil || Currency.aliases[first.uppercased()] != nil {
                do throws(Currency.UnknownCode) { currency = try Currency.read(first) } catch { throw .unknownCurrency(first) }
                number = second
            } else {
                throw .notANumber(input)
            }
        default:
            throw .notANumber(input)
        }
        return try parseNumber(number, currency: currency, original: input)
    }

    /// The common case read straight from bytes: digits, optional `,` groups of three, optional
    /// `.` and at most the currency's minor digits, no sign or currency; `nil` for anything else.
    private static func parsePlainNumber(_ text: String, currency: Currency) -> Money? {
        var major: Int64 = 0, minor: Int64 = 0, minorDigits = 0
        var seenDot = false, digitsSinceComma = -1, digits = 0
        for byte in text.utf8 {
            switch byte {
            case 48...57:
                let digit = Int64(byte - 48)
                if seenDot {
                    minorDigits += 1
                    guard minorDigits <= currency.minorDigits else { return nil }
                    minor = minor * 10 + digit
                } else {
                    let (times, overflow1) = major.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(digit)
                    guard !overflow1, !overflow2 else { return nil }
                    major = sum
                    digits += 1
                    if digitsSinceComma >= 0 { digitsSinceComma += 1 }
                }
            case 44:  // ,
                guard !seenDot, digits > 0, digitsSinceComma == -1 ? digits <= 3 : digitsSinceComma == 3 else { return nil }
                digitsSinceComma = 0
            case 46:  // .
                guard !seenDot, digitsSinceComma == -1 || digitsSinceComma == 3 else { return nil }
                seenDot = true
            default:
                return nil
            }
        }
        guard digits > 0 || minorDigits > 0, digitsSinceComma == -1 || digitsSinceComma == 3 || seenDot else { return nil }
        if seenDot, digitsSinceComma != -1, digitsSinceComma != 3 { return nil }
        var scale: Int64 = 1
        for _ in 0..<(currency.minorDigits - minorDigits) { scale *= 10 }
        let (majorUnits, overflow1) = major.multipliedReportingOverflow(by: Money.scale(of: currency))
        let (total, overflow2) = majorUnits.addingReportingOverflow(minor * scale)
        guard !overflow1, !overflow2 else { return nil }
        return Money(minorUnits: total, currency: currency)
    }

    private static func parseNumber(_ number: String, currency: Currency, original: String) throws(ParseError) -> Money {
        var body = Substring(number)
        var negative = false
        if body.first == "-" { negative = true; body = body.dropFirst() }
        else if body.first == "+" { body = body.dropFirst() }
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let integerPart = pieces.first else { throw .notANumber(original) }
        let fraction = pieces.count == 2 ? String(pieces[1]) : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notANumber(original) }
        guard !(integerPart.isEmpty && fraction.isEmpty) else { throw .notANumber(original) }
        let groups = integerPart.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard let head = groups.first, (1...3).contains(head.count),
                  groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { throw .notANumber(original) }
        }
        let digits = groups.joined()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notANumber(original) }
        guard fraction.count <= currency.minorDigits else {
            throw .tooManyDecimals(original, allowed: currency.minorDigits)
        }
        let paddedFraction = fraction + String(repeating: "0", count: currency.minorDigits - fraction.count)
        let allDigits = (digits.isEmpty ? "0" : digits) + paddedFraction
        guard let magnitude = Int64(allDigits) else { throw .tooLarge(original) }
        return Money(minorUnits: negative ? -magnitude : magnitude, currency: currency)
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    public var trimmingSpaces: String {
        // Fast path: nothing to trim (the common case when reading files), told from the first and
        // last scalars without looking up Unicode properties.
        if let first = unicodeScalars.first, let last = unicodeScalars.last, !String.isWhiteSpace(first), !String.isWhiteSpace(last) {
            return self
        }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }

    /// Unicode's White_Space property, whose set is fixed: what `Character.isWhitespace` asks of a
    /// character's first scalar.
    static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 9...13, 32, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
