import Foundation
import FunnelModel
import StageKit
import Testing

@Suite struct ValueTests {
    @Test func jsonEscapesTextAndKeepsMoneyExact() {
        let record = Record([("name", .string("杭州 \"A\"\n\u{1}")), ("budget", .money(Money(minorUnits: 7_470_601, currency: .cny))),
                             ("id", .id(EntityID(.lead, 3))), ("none", .null)])
        #expect(Value.record(record).json
                == #"{"name":"杭州 \"A\"\n\u0001","budget":{"amount":"74706.01","currency":"CNY"},"id":"L-3","none":null}"#)
    }

    @Test func tableColumnsAreTheUnionOfRowFieldsInOrder() {
        let table = Table(rows: [Record([("a", .int(1))]), Record([("b", .int(2)), ("a", .int(3))])])
        #expect(table.columns == ["a", "b"])
    }

    @Test func usageShowsPositionalsFlagsAndDryRun() {
        let signature = CommandSignature("lead rm", summary: "Delete.", positionals: [Positional("id", .id(.lead), "Which.", optional: true)],
                                         impact: .high)
        #expect(signature.usage == "lead rm [ID] [--dry-run] [--yes]")
    }
}

@Suite struct PlainAmountTests {
    /// The JSON amount is the formatted amount without grouping or currency, for every size and scale.
    @Test(arguments: [Int64(0), 5, -5, 99, 100, -100, 123_456_789, -1_000_000_007, .max, .min])
    func plainAmountIsTheFormattedAmountWithoutGrouping(minor: Int64) {
        for currency in [Currency.cny, Currency(code: "JPY"), Currency(code: "KWD")] {
            let money = Money(minorUnits: minor, currency: currency)
            let formatted = money.formatted.split(separator: " ").first.map(String.init) ?? ""
            #expect(money.plainAmount == formatted.replacingOccurrences(of: ",", with: ""), "\(minor) \(currency.code)")
        }
    }
}
