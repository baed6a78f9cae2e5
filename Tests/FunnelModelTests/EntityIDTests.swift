import FunnelModel
import Testing

@Suite struct EntityIDTests {
    @Test func parsesAndPrintsPrefixedNumbers() {
        #expect(EntityID(parsing: "L-12", as: .lead) == EntityID(.lead, 12))
        #expect(EntityID(parsing: "l-12", as: .lead) == EntityID(.lead, 12))
        #expect(EntityID(parsing: "L-007", as: .lead) == nil, "one spelling per id: L-007 is not silently L-7")
        #expect(EntityID(parsing: "L-9223372036854775807", as: .lead) == EntityID(.lead, .max))
        #expect(EntityID(.deal, 7).description == "D-7")
    }

    @Test(arguments: ["L12", "L-", "L-0", "L--1", "L-+1", "D-1", "L-1x", "", "-", "L-99999999999999999999", "L-9223372036854775808", "LL-1", "L-1 ", "Ｌ-1"])
    func rejectsOtherText(text: String) {
        #expect(EntityID(parsing: text, as: .lead) == nil)
    }
}
