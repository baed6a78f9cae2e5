import Foundation
import Testing

/// examples/month-end-dunning.funnel, run by the real executable on seeded books with a fixed clock:
/// it joins invoices to customers, reaches each invoice's deal owner, sums what is owed late per
/// owner and writes that as CSV.
@Suite struct MonthEndDunningExampleTests {
    /// Two customers with signed contracts and invoices: alice's owes a balance due 2026-03-31 and
    /// part of a deposit, bob's a deposit due 2026-02-07 and a balance due 2026-03-31.
    static let books = """
    product add P Pee --price 1000.00
    lead add 宁波港务; lead qualify L-1 --owner alice --force
    quote add D-1 --line 'P x 10' --override; quote send Q-1; quote accept Q-1
    contract sign Q-1 --delivery 2026-03-01 --payment '30% deposit, 70% net 30' --signatory 王经理
    invoice generate K-1
    payment add I-1 1000 --method transfer --ref NB-1 --yes
    lead add 'Hangzhou Steel'; lead qualify L-2 --owner bob --force
    quote add D-2 --line 'P x 2' --override; quote send Q-2; quote accept Q-2
    contract sign Q-2 --delivery 2026-03-01 --payment '30% deposit, 70% net 30' --signatory Wang
    invoice generate K-2
    """

    @Test func theExampleReportsWhatEachOwnerIsOwedLateAndWritesCSV() throws {
        let funnel = FunnelProcess()
        let seeded = try funnel.run(["--db", funnel.database, "--now", "2026-01-31", "-c", Self.books])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let example = FunnelProcess.repositoryRoot.appendingPathComponent("examples/month-end-dunning.funnel").path
        let result = try funnel.run(["--db", funnel.database, "--now", "2026-04-30", "run", example, "owed.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        // Oldest first, each invoice with its customer's name and its deal's owner.
        let invoices = lines.filter { $0.hasPrefix("INV-") }
        #expect(invoices.count == 4)
        #expect(invoices.first?.contains("宁波港务") == true && invoices.first?.contains("alice") == true)
        #expect(invoices.contains { $0.contains("Hangzhou Steel") && $0.contains("bob") })
        #expect(result.stdout.contains("Wrote owed.csv"))

        // One row per owner, every figure a plain number a spreadsheet reads as one: the amount owed
        // without grouping or currency, its currency in the owed_currency column beside it.
        let csv = try String(contentsOf: funnel.directory.appendingPathComponent("owed.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["owner", "owed", "owed_currency", "invoices", "oldest"], "\(csv)")
        #expect(rows.count == 3, "\(csv)")
        let byOwner = Dictionary(rows.dropFirst().map { ($0[0], Array($0.dropFirst())) }, uniquingKeysWith: { first, _ in first })
        // alice: deposit 3,000.00 less 1,000.00 paid, and the 7,000.00 balance; bob: 600.00 and 1,400.00.
        #expect(byOwner["alice"] == ["9000.00", "CNY", "2", "82"], "\(csv)")
        #expect(byOwner["bob"] == ["2000.00", "CNY", "2", "82"], "\(csv)")
        // Sorted by what is owed, largest first; every figure parses as a number.
        #expect(rows.dropFirst().map(\.[0]) == ["alice", "bob"], "\(csv)")
        for row in rows.dropFirst() {
            for index in [1, 3, 4] { #expect(Decimal(string: row[index]) != nil && !row[index].contains(" "), "\(row[index])") }
        }
    }
}
