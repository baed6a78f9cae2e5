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

extension Currency {
    /// A text that names no currency, as `Currency.read` refuses it; its description is the one
    /// message every command gives for it.
    public struct UnknownCode: Error, Equatable, CustomStringConvertible {
        /// The text as the user or the file wrote it, trimmed.
        public let text: String

        public init(_ text: String) { self.text = text }

        public var description: String { "\"\(text)\" is not a currency code (e.g. CNY, USD, EUR)" }
    }

    /// Names other tools write instead of an ISO 4217 code, upper-cased, and the code each stands for.
    /// Only names that mean one currency and nothing else: `RMB`, `CNH` (offshore renminbi, the same
    /// unit), `RENMINBI`, `YUAN` and 人民币 for CNY; `NTD` for TWD; `EURO(S)` and 欧元 for EUR; `YEN`
    /// and 日元 for JPY; 美元 for USD; 港元 and 港币 for HKD; 英镑 for GBP. Symbols (`$`, `¥`, `£`)
    /// and words such as `dollar` or `pound` are refused: each is used for several currencies.
    public static let aliases: [String: String] = [
        "RMB": "CNY", "CNH": "CNY", "RENMINBI": "CNY", "YUAN": "CNY", "人民币": "CNY",
        "NTD": "TWD", "EURO": "EUR", "EUROS": "EUR", "欧元": "EUR", "YEN": "JPY", "日元": "JPY",
        "美元": "USD", "港元": "HKD", "港币": "HKD", "英镑": "GBP",
    ]

    /// The currency a user or another tool's export names: trimmed, any case, an ISO 4217 code
    /// (`usd`, ` EUR `) or one of `aliases` (`RMB` → CNY). Refuses anything else, `XYZ` included,
    /// with `UnknownCode`'s message. Every currency a command or an import reads goes through here.
    public static func read(_ text: String) throws(UnknownCode) -> Currency {
        let trimmed = text.trimmingSpaces
        let upper = trimmed.uppercased()
        guard let currency = Currency(code: aliases[upper] ?? upper), currency.isISO4217 else { throw UnknownCode(trimmed) }
        return currency
    }
}
