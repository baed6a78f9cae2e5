import FunnelModel
import Testing

@Suite struct MoneyTests {
    @Test(arguments: [
        ("12,345.67 CNY", 1_234_567, "CNY"),
        ("CNY 12345.67", 1_234_567, "CNY"),
        ("50000", 5_000_000, "CNY"),
        ("-5.5", -550, "CNY"),
        ("0.01 usd", 1, "USD"),
        ("1,000 JPY", 1000, "JPY"),
        ("1.234 KWD", 1234, "KWD"),
        (".5", 50, "CNY"),
    ])
    func parsesExactMinorUnits(text: String, minor: Int64, code: String) throws {
        let money = try Money.parse(text)
        #expect(money.minorUnits == minor)
        #expect(money.currency.code == code)
    }

    @Test(arguments: ["", "abc", "12abc", "1,23.00", "12.345 CNY", "1.5 JPY", "12 ZZZZ", "5 5", "1..2",
                      "99999999999999999999", "--5", "1,2345"])
    func rejectsMalformedAmounts(text: String) {
        #expect(throws: Money.ParseError.self) { try Money.parse(text) }
    }

    /// Three letters are not enough: a typed or imported currency must be an ISO 4217 code.
    @Test func aCurrencyMustBeAnISOCode() throws {
        #expect(throws: Money.ParseError.unknownCurrency("XYZ")) { try Money.parse("50000 XYZ") }
        #expect(throws: Money.ParseError.unknownCurrency("ABC")) { try Money.parse("ABC 12") }
        #expect(try Money.parse("50000 usd").currency.code == "USD")
        #expect(try Money.parse("KWD 1.234").minorUnits == 1_234)
        #expect(Money.ParseError.unknownCurrency("XYZ").description == "\"XYZ\" is not a currency code (e.g. CNY, USD, EUR)")
    }

    /// Other tools' exports write `RMB`, `rmb ` or 人民币 for CNY; ambiguous names and symbols stay refused.
    @Test func readsCurrencyCodesAsOtherToolsWriteThem() throws {
        #expect(try Currency.read(" rmb ") == .cny)
        #expect(try Currency.read("人民币") == .cny)
        #expect(try Currency.read("usd").code == "USD")
        #expect(try Currency.read("Yen") == Currency(code: "JPY", minorDigits: 0))
        #expect(try Money.parse("5,000 RMB") == Money(minorUnits: 500_000, currency: .cny))
        #expect(try Money.parse("RMB 12.50") == Money(minorUnits: 1_250, currency: .cny))
        for text in ["XYZ", "$", "¥", "dollar", "pound", ""] {
            #expect(throws: Currency.UnknownCode(text)) { try Currency.read(text) }
        }
        #expect(Currency.UnknownCode("XYZ").description == "\"XYZ\" is not a currency code (e.g. CNY, USD, EUR)")
        for (alias, code) in Currency.aliases { #expect(try Currency.read(alias).code == code, "\(alias)") }
    }

    @Test func formatsWithGroupingAndAllMinorDigits() {
        #expect(Money(minorUnits: 1_234_567, currency: .cny).formatted == "12,345.67 CNY")
        #expect(Money(minorUnits: -5, currency: .cny).formatted == "-0.05 CNY")
        #expect(Money(minorUnits: 100, currency: .cny).formatted == "1.00 CNY")
        #expect(Money(minorUnits: 1_000_000, currency: Currency(code: "JPY", minorDigits: 0)).formatted == "1,000,000 JPY")
    }

    @Test func formattingRoundTripsThroughParsing() throws {
        for minor: Int64 in [0, 1, 99, 100, 123_456_789, -987_654_321, Int64.max / 1000] {
            let money = Money(minorUnits: minor, currency: .cny)
            #expect(try Money.parse(money.formatted) == money)
        }
    }

    @Test func arithmeticIsExactAndRefusesMixedCurrencies() throws {
        let a = try Money.parse("0.10"), b = try Money.parse("0.20")
        #expect(try a.adding(b) == Money.parse("0.30"))
        #expect(throws: Money.ArithmeticError.self) { try a.adding(Money.parse("1 USD")) }
        #expect(throws: Money.ArithmeticError.overflow) {
            try Money(minorUnits: .max, currency: .cny).adding(Money(minorUnits: 1, currency: .cny))
        }
        #expect(a.compare(b) == .ascending)
        #expect(a.compare(try Money.parse("1 USD")) == nil)
    }
}

@Suite struct MoneyScalingTests {
    @Test func scalingRoundsHalfToEven() {
        let cny = Currency.cny
        #expect(Money(minorUnits: 1000, currency: cny).scaled(by: 9200, over: 10_000)?.minorUnits == 920)
        #expect(Money(minorUnits: 25, currency: cny).scaled(by: 1, over: 10)?.minorUnits == 2)   // 2.5 → 2
        #expect(Money(minorUnits: 35, currency: cny).scaled(by: 1, over: 10)?.minorUnits == 4)   // 3.5 → 4
        #expect(Money(minorUnits: -35, currency: cny).scaled(by: 1, over: 10)?.minorUnits == -4)
        #expect(Money(minorUnits: 10, currency: cny).scaled(by: 1, over: 3)?.minorUnits == 3)
        #expect(Money(minorUnits: .max, currency: cny).scaled(by: 2, over: 1) == nil)
    }
}
