import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// Every import reads a currency column the same way (`Currency.read`): other CRMs' `RMB` is CNY, and a
/// code that is none is refused with its CSV line and column, the same message from each import.
@Suite struct ImportCurrencyNamesTests {
    func file(_ content: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-currency-\(UUID().uuidString).csv").path
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func leadBudgetsInRMBAreYuanAndAnUnknownCodeIsRefusedWithItsLine() throws {
        let shell = try TestShell()
        let good = try file("name,budget,Currency\nAcme,5000,RMB\nBeta,700,usd\nGamma,10, 人民币 \n")
        #expect(try shell.run("lead import \(good) --quiet") == "imported 3 leads · 0 rejected\n")
        #expect(try shell.query("SELECT budget_minor, budget_currency FROM leads ORDER BY id").map {
            "\($0.integer("budget_minor") ?? 0) \($0.text("budget_currency") ?? "")"
        } == ["500000 CNY", "70000 USD", "1000 CNY"])
        let bad = try file("name,budget,Currency\nDelta,5,CNY\nEpsilon,5,XYZ\n")
        #expect(shell.failure(of: "lead import \(bad)")?.description.contains("nothing imported: 1 of 2 rows rejected") == true)
        #expect(shell.printed.contains("rejected line 3, column \"Currency\": \"XYZ\" is not a currency code (e.g. CNY, USD, EUR)"), "\(shell.printed)")
        #expect(try shell.query("SELECT count(*) AS n FROM leads").first?.integer("n") == 3)
    }

    @Test func dealValuesInRMBAreYuanAndAnUnknownCodeIsRefusedWithItsLine() throws {
        let shell = try TestShell(now: "2026-06-30")
        let good = try file("customer,status,created,closed,value,Currency\nAcme,won,2026-01-01,2026-01-11,100,RMB\nBeta,won,2026-01-01,2026-01-21,200,rmb\n")
        #expect(try shell.run("deal import \(good) --currency USD --quiet") == "imported 2 deals · 2 new customers\n")
        #expect(try shell.rows("report winloss").first?["won value"]?.plainText == "300.00 CNY")
        let bad = try file("customer,status,value,Currency\nGamma,open,5,CNY\nDelta,open,5,XYZ\n")
        #expect(shell.failure(of: "deal import \(bad)")?.description.contains("nothing imported: 1 of 2 rows rejected") == true)
        #expect(shell.printed.contains("rejected line 3: column \"Currency\": \"XYZ\" is not a currency code (e.g. CNY, USD, EUR)"), "\(shell.printed)")
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 2)
        // The flag reads the same names, and refuses with the same message.
        #expect(try shell.run("deal import \(try file("customer,status,value\nEta,open,9\n")) --currency rmb --quiet") == "imported 1 deal · 1 new customer\n")
        #expect(try shell.query("SELECT value_currency FROM deals WHERE id = 3").first?.text("value_currency") == "CNY")
        #expect(shell.failure(of: "deal import \(bad) --currency XYZ")?.description.contains("error: \"XYZ\" is not a currency code (e.g. CNY, USD, EUR)") == true)
    }

    @Test func invoiceAmountsInRMBAreYuanAndAnUnknownCodeIsRefusedWithItsLine() throws {
        let shell = try TestShell(now: "2025-04-01")
        let good = try file("number,customer,amount,Currency,issued,due\n1,Acme,55.94,RMB,2025-01-02,2025-02-01\n2,Acme,10,EUR,2025-01-02,2025-02-01\n")
        #expect(try shell.run("invoice import \(good) --currency USD") == "imported 2 invoices\n")
        #expect(try shell.query("SELECT amount_minor, currency FROM invoices ORDER BY id").map {
            "\($0.integer("amount_minor") ?? 0) \($0.text("currency") ?? "")"
        } == ["5594 CNY", "1000 EUR"])
        let bad = try file("""
            number,customer,amount,Currency,issued,due
            3,Acme,5,CNY,2025-01-02,2025-02-01
            4,Acme,5,XYZ,2025-01-02,2025-02-01
            5,Acme,5 USD,EUR,2025-01-02,2025-02-01

            """)
        #expect(shell.failure(of: "invoice import \(bad)")?.description.contains("nothing imported: 2 of 3 rows rejected") == true)
        #expect(shell.printed.contains("rejected line 3, column \"Currency\": \"XYZ\" is not a currency code (e.g. CNY, USD, EUR)"), "\(shell.printed)")
        #expect(shell.printed.contains("rejected line 4, column \"amount\": 5.00 USD is in USD where the currency column says EUR"), "\(shell.printed)")
        #expect(try shell.query("SELECT count(*) AS n FROM invoices").first?.integer("n") == 2)
    }
}
