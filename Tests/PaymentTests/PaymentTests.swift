import FunnelStore
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

@Suite struct PaymentTests {
    static func signed(payment: String = "30% deposit, 70% net 30", now: String = "2026-01-31") throws -> TestShell {
        let shell = try TestShell(now: now)
        try shell.run("""
        lead add "宁波港务"; lead qualify L-1 --force
        product add P Pee --price 1000.01
        quote add D-1 --line 'P x 3' --override; quote send Q-1; quote accept Q-1
        contract sign Q-1 --delivery 2026-03-01 --payment '\(payment)' --signatory 王经理
        """)
        return shell
    }

    @Test func termsBecomeDepositAndBalanceInvoicesThatAddUpExactly() throws {
        let shell = try Self.signed()
        let invoices = try shell.rows("invoice generate K-1")
        #expect(invoices.map { $0["kind"]?.plainText } == ["deposit", "balance"])
        #expect(invoices.map { $0["amount"]?.plainText } == ["900.01 CNY", "2,100.02 CNY"])
        #expect(invoices.map { $0["due"]?.plainText } == ["2026-02-07", "2026-03-31"])
        #expect(invoices.map { $0["number"]?.plainText } == ["INV-000001", "INV-000002"])
        #expect(shell.failure(of: "invoice generate K-1")?.description.contains("already invoiced") == true)
    }

    @Test func installmentsSplitTheBalanceWithTheCentsOnTheLast() throws {
        let shell = try Self.signed(payment: "net 30, 3 installments")
        let invoices = try shell.rows("invoice generate K-1")
        #expect(invoices.map { $0["amount"]?.plainText } == ["1,000.01 CNY", "1,000.01 CNY", "1,000.01 CNY"])
        #expect(invoices.map { $0["due"]?.plainText } == ["2026-03-31", "2026-04-30", "2026-05-30"])
    }

    @Test func paymentsPartialFullAndCreditNotes() throws {
        let shell = try Self.signed()
        try shell.run("invoice generate K-1")
        #expect(try shell.run("payment add I-1 500 --method transfer --ref HZ-1") == "received 500.00 CNY on I-1 · 400.01 CNY remaining\n")
        #expect(shell.failure(of: "payment add I-1 500")?.description.contains("more than the 400.01 CNY still owed on I-1") == true)
        #expect(shell.failure(of: "payment add I-1 '5 USD'")?.description.contains("I-1 is in CNY, the amount in USD") == true)
        #expect(shell.failure(of: "credit note I-1 0.01")?.description.contains("a credit note needs a reason") == true)
        #expect(try shell.run("credit note I-1 0.01 --reason rounding") == "credited 0.01 CNY on I-1 · 400.00 CNY remaining\n")
        #expect(try shell.run("payment add I-1 400 --ref HZ-2") == "received 400.00 CNY on I-1 · paid in full\n")
        #expect(try shell.rows("invoice list").first?["status"] == .string("paid"))
        let late = try shell.query("SELECT payload FROM events WHERE type = 'payment.received' ORDER BY id").map { $0.text("payload") ?? "" }
        #expect(late.allSatisfy { $0.contains(#""days late":0"#) })
    }

    @Test func overdueDunningAndAging() throws {
        let shell = try Self.signed(now: "2026-01-31")
        try shell.run("invoice generate K-1")
        try shell.store.transaction { try $0.execute("UPDATE invoices SET due_on = '2026-01-11T00:00:00Z' WHERE id = 1") }
        let overdue = try shell.rows("invoice list --overdue")
        #expect(overdue.map { $0["id"]?.plainText } == ["I-1"])
        #expect(overdue.first?["days overdue"] == .int(20))
        let dry = try shell.rows("invoice list --overdue | invoice remind --dry-run")
        #expect(dry.first?["action"] == .string("second notice"))
        #expect(try shell.query("SELECT count(*) AS n FROM dunning").first?.integer("n") == 0)
        #expect(try shell.rows("invoice remind").count == 1)
        #expect(try shell.rows("invoice remind").isEmpty)   // once per level
        let aging = try shell.rows("report aging")
        #expect(aging.map { $0["customer"]?.plainText } == ["C-1", "total"])
        #expect(aging[0]["1-30"]?.plainText == "900.01 CNY")
        #expect(aging[0]["current"]?.plainText == "2,100.02 CNY")
        #expect(aging[1]["dso days"] == .int(90))
        try shell.run("config set payment.dunning.levels 'soon:reminder'")
        #expect(shell.failure(of: "invoice remind")?.description.contains("not DAYS:ACTION") == true)
    }
}
