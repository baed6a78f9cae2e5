/// An ISO 4217 currency code and how many minor units it has (2 for CNY, 0 for JPY).
@frozen public struct Currency: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let minorDigits: Int

    public init(code: String, minorDigits: Int = 2) {
        self.code = code
        self.minorDigits = minorDigits
    }

    public var description: String { code }

    /// Currencies whose minor units differ from the usual two.
    private static let unusualMinorDigits: [String: Int] = [
        "JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "UGX": 0,
        "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "IQD": 3, "LYD": 3,
    ]

    /// The currency for a three-letter code, or `nil` when the text is not three ASCII letters.
    public init?(code text: String) {
        if text == "CNY" { self = .cny; return }  // by far the most common, read once per stored amount
        let upper = text.uppercased()
        guard upper.count == 3, upper.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        self.init(code: upper, minorDigits: Currency.unusualMinorDigits[upper] ?? 2)
    }

    public static let cny = Currency(code: "CNY", minorDigits: 2)
}
