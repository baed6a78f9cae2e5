import Foundation
import FunnelModel
import Testing

@Suite struct DayTests {
    @Test func parsesTheThreeFormats() throws {
        let day = try Day.parse("2026-01-31")
        #expect(Day.format(day) == "2026-01-31")
        #expect(try Day.parse("1/31/2026") == day)
        #expect(try Day.parse("2026-01-31T00:00:00Z") == day)
        #expect(Day.formatTimestamp(try Day.parse("2026-01-31T10:30:00+08:00")) == "2026-01-31T02:30:00Z")
        #expect(Day.isWholeDay(day))
    }

    /// Other tools' forms whose order is not in doubt: year first, or day first with dots.
    @Test(arguments: ["2026/1/31", "2026/01/31", "2026.1.31", "2026年1月31日", "31.1.2026", "31.01.2026"])
    func parsesOtherToolsForms(text: String) throws {
        #expect(Day.format(try Day.parse(text)) == "2026-01-31")
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "31/1/2026", "2026-1-31", "tomorrow", "", "2026-01-31T25:00:00Z",
                      "2026/2/30", "30.2.2026", "2026年13月1日", "1.31.2026", "26.1.31"])
    func rejectsImpossibleDates(text: String) {
        #expect(throws: Day.ParseError.self) { try Day.parse(text) }
    }

    @Test func fixedClockAlwaysAnswersTheSameInstant() throws {
        let clock = FixedClock(try Day.parse("2026-01-31"))
        #expect(clock.now == clock.now)
        #expect(Day.format(clock.now) == "2026-01-31")
    }
}

@Suite struct DuplicateKeysTests {
    @Test(arguments: [
        ("Acme Co., Ltd.", "acme"), ("ACME LIMITED", "acme"), ("acme", "acme"), ("Acme Inc", "acme"),
        ("杭州钢铁有限公司", "杭州钢铁"), ("杭州 钢铁 集团", "杭州钢铁"), ("Café Ltd", "café"), ("Co", "co"),
        ("Limited Edition Ltd", "limitededition"), ("Ltd", "ltd"), ("  ", nil), ("A.B.C. GmbH", "abc"),
    ])
    func companyNamesMatchAfterNormalising(name: String, key: String?) {
        #expect(DuplicateKeys.company(name) == key)
    }

    @Test func phonesAndEmails() {
        #expect(DuplicateKeys.phone("+86 138-0000-1111") == "8613800001111")
        #expect(DuplicateKeys.phone("0086 13800001111") == "8613800001111")
        #expect(DuplicateKeys.phone("12 34") == nil)
        #expect(DuplicateKeys.email("  A@Acme.CN ") == "a@acme.cn")
        #expect(DuplicateKeys.email("") == nil)
    }
}
