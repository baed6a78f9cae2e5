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

    /// Whether the code is one ISO 4217 lists (amounts typed or imported must use one; `XYZ` is a typo).
    public var isISO4217: Bool { Currency.iso4217.contains(code) }

    /// The ISO 4217 codes in use (2025), funds and precious metals included.
    static let iso4217: Set<String> = Set("""
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD
        CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
        GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT
        LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD
        OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC
        SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU
        XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}
