import Foundation
import FunnelStore
import FunnelTestSupport
@testable import Payment
import ShellEngine
import StageHost
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
        #expect(try shell.query("SELECT count(*) AS n FROM dunning_reminders").first?.integer("n") == 0)
        #expect(try shell.rows("invoice remind").count == 1)
        #expect(try shell.rows("invoice remind").isEmpty)   // once per level
        let aging = try shell.rows("report aging")
        #expect(aging.map { $0["customer"]?.plainText } == ["C-1", "total"])
        #expect(aging[0]["1-30"]?.plainText == "900.01 CNY")
        #expect(aging[0]["current"]?.plainText == "2,100.02 CNY")
        #expect(aging[1]["dso days"] == .int(90))
        #expect(shell.failure(of: "config set payment.dunning.levels 'soon:reminder'")?.description.contains("\"soon:reminder\" is not DAYS:ACTION") == true)
        try shell.execute("INSERT INTO settings (key, value) VALUES ('payment.dunning.levels', 'soon:reminder')")
        #expect(shell.failure(of: "invoice remind")?.description.contains("setting payment.dunning.levels: \"soon:reminder\" is not DAYS:ACTION") == true)
    }
}

@Suite struct ReceivablesImportTests {
    func file(_ content: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-ar-\(UUID().uuidString).csv").path
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func invoiceNumbersKeepLeadingZerosAndPaymentsSettleThem() throws {
        let shell = try TestShell()
        let invoices = try file("Invoice Number,Customer,Amount,Currency,Issued,Due\n00017,Acme,\"5,000.00\",CNY,2025-01-02,2025-02-01\n00018,Acme,120.50,USD,1/5/2025,2/4/2025\n")
        #expect(try shell.run("invoice import \(invoices)") == "imported 2 invoices\n")
        #expect(try shell.query("SELECT number FROM invoices ORDER BY id").map { $0.text("number") } == ["00017", "00018"])
        let payments = try file("invoice,amount,paid,method,ref\n00017,3000,2025-02-11,transfer,A1\n00017,2000,2025-02-20,card,A2\n00018,100.50,2025-02-01,,\n")
        #expect(try shell.run("payment import \(payments)") == "imported 3 payments\n")
        let state = try shell.rows("invoice list")
        #expect(state.map { $0["status"]?.plainText } == ["paid", "open"])
        #expect(state[1]["balance"]?.plainText == "20.00 USD")

        // An amount without a currency is in the invoice's: 12.25 on the dollar invoice is 12.25 USD;
        // one naming another currency is still refused, and a credit note reads its amount the same way.
        let paid = try shell.run("payment add I-2 12.25 --yes")
        #expect(paid.hasPrefix("received 12.25 USD on I-2"), "\(paid)")
        #expect(shell.failure(of: "payment add I-2 '1 CNY' --yes")?.description.contains("I-2 is in USD, the amount in CNY") == true)
        #expect(try shell.run("credit note I-2 7.75 --reason damaged --yes").contains("7.75 USD"))
        #expect(shell.failure(of: "payment add I-2 lots --yes")?.description.contains("lots") == true)
    }

    /// A saved `payment list` imports back into another database holding the same invoices: its
    /// `invoice` column (I-N) names the invoice when no number matches, and its `amount_currency`
    /// column is read as the amount's currency, which must be the invoice's.
    @Test func aSavedPaymentListImportsBack() throws {
        let invoices = try file("number,customer,amount,currency,issued,due\nINV-1,Acme,100.00,USD,2026-01-01,2026-01-31\nINV-2,Beta,50.00,USD,2026-01-05,2026-02-05\n")
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-payments-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        let first = try TestShell(now: "2026-03-01")
        try first.run("invoice import \(invoices); payment add I-1 '40.00 USD' --ref A1; payment add I-2 '50.00 USD' --method card --on 2026-02-10")
        try first.run("payment list | save \(saved)")
        let second = try TestShell(now: "2026-03-01")
        try second.run("invoice import \(invoices)")
        #expect(try second.run("payment import \(saved)") == "imported 2 payments\n")
        #expect(second.output.notes.contains("ignored columns: id, number, customer, days_late (map them with --map 'Column=field', or keep them with --keep-extra)"),
                "\(second.output.notes)")
        func payments(_ shell: TestShell) throws -> [String] {
            try shell.rows("payment list").map { row in
                ["invoice", "amount", "paid", "method", "reference"].map { row[$0]?.plainText ?? "" }.joined(separator: " ")
            }
        }
        #expect(try payments(second) == payments(first))
        let imported = try payments(second)
        #expect(imported == ["I-2 50.00 USD 2026-02-10 card ", "I-1 40.00 USD 2026-03-01 transfer A1"], "\(imported)")  // by day paid
        // A currency other than the invoice's is refused with its line and column.
        let third = try TestShell(now: "2026-03-01")
        try third.run("invoice import \(invoices)")
        let euros = try file("invoice,amount,amount_currency,paid\nINV-1,40.00,EUR,2026-03-01\n")
        let refused = try #require(third.failure(of: "payment import \(euros)"))
        #expect(refused.description.contains("nothing imported: 1 of 1 rows rejected"), "\(refused)")
        #expect(third.printed.contains("rejected line 2, column \"amount\": must be more than zero, in USD"), "\(third.printed)")
    }

    /// An export with one row per invoice and the day it was settled (IBM's accounts-receivable
    /// sample) comes in with one command: the settlement is the payment, a blank one leaves it open.
    @Test func aSettledDateRecordsThePaymentThatSettledTheInvoice() throws {
        let shell = try TestShell(now: "2025-04-01")
        let invoices = try file("""
            invoiceNumber,customerID,InvoiceDate,DueDate,InvoiceAmount,SettledDate,DaysLate
            611365,0379-NEVHP,1/2/2025,2/1/2025,55.94,1/15/2025,0
            611366,0379-NEVHP,1/5/2025,2/4/2025,61.74,2/14/2025,10
            611367,0465-DTULQ,1/9/2025,2/8/2025,65.88,,

            """)
        let bad = try file("invoiceNumber,customerID,InvoiceDate,DueDate,InvoiceAmount,SettledDate\n9,A,1/2/2025,2/1/2025,10,12/31/2024\n")
        #expect(shell.failure(of: "invoice import \(bad) --map 'customerID=customer'")?.description.contains("nothing imported: 1 of 1 rows rejected") == true)
        #expect(shell.printed.contains("rejected line 2, column \"SettledDate\": settled 2024-12-31 before it was issued 2025-01-02"))
        #expect(shell.failure(of: "invoice import \(invoices) --map 'customerID=customer' --currency dollars")?.description
                .contains("\"dollars\" is not a currency code") == true)
        #expect(try shell.query("SELECT count(*) AS n FROM invoices").first?.integer("n") == 0)
        #expect(try shell.run("invoice import \(invoices) --map 'customerID=customer' --currency usd") == "imported 3 invoices · 2 settled\n")
        #expect(shell.output.notes.last == "ignored columns: DaysLate (map them with --map 'Column=field', or keep them with --keep-extra)")
        let state = try shell.rows("invoice list")
        #expect(state.map { "\($0["status"]?.plainText ?? "") \($0["balance"]?.plainText ?? "")" } == ["paid 0.00 USD", "paid 0.00 USD", "open 65.88 USD"])
        // 611366 was settled 10 days after it was due, as the file's DaysLate says.
        let paid = try #require(try shell.rows("report receivables --paid").first)
        #expect(paid["1-15"] == .int(1) && paid["on time"] == .int(1))
        #expect(paid["mean days late"]?.plainText == "10")
    }

    @Test func agingTotalsEachCurrencyApartAndRemindsOnlyLateInvoices() throws {
        let shell = try TestShell(now: "2025-03-03")
        let invoices = try file("number,customer,amount,currency,issued,due\n1,Acme,100,CNY,2025-01-01,2025-02-01\n2,Acme,7.50,USD,2025-01-01,2025-02-01\n3,Acme,50,CNY,2025-03-01,2025-04-01\n")
        try shell.run("invoice import \(invoices)")
        let aging = try shell.rows("report aging")
        #expect(aging.map { $0["customer"]?.plainText } == ["C-1", "C-1", "total", "total"])
        #expect(aging.filter { $0["customer"] == .string("total") }.map { $0["total"]?.plainText } == ["150.00 CNY", "7.50 USD"])
        #expect(try shell.run("invoice remind --dry-run | count") == "2\n")
        #expect(try shell.run("invoice remind --dry-run | where action == \"final notice\" | first 1 | get invoice") == "I-1\n")
        let reminded = try shell.rows("invoice remind")
        #expect(reminded.map { $0["invoice"]?.plainText } == ["I-1", "I-2"])
        #expect(reminded.map { $0["action"]?.plainText } == ["final notice", "final notice"])
        #expect(reminded.map { $0["days overdue"] } == [.int(30), .int(30)])
        #expect(try shell.run("invoice remind --dry-run | count") == "0\n")
        try shell.run(#"config set payment.dunning.levels "1:call O'Brien,45:lawyer""#)
        try shell.store.transaction { try $0.execute("DELETE FROM dunning_reminders") }
        #expect(try shell.rows("invoice remind --dry-run").map { $0["action"]?.plainText } == ["call O'Brien", "call O'Brien"])
        #expect(shell.failure(of: "config set payment.dunning.levels '99999999999999:never'")?.description.contains("not DAYS:ACTION") == true)
    }

    @Test func badHistoryIsRefusedWhole() throws {
        let shell = try TestShell()
        let invoices = try file("number,customer,amount,issued,due\n001,Acme,abc,2025-01-01,2025-02-01\n002,Acme,10,2025-01-01,2025-02-30\n003,,10,2025-01-01,2025-02-01\n004,Acme,0,2025-01-01,2025-02-01\n")
        let failure = try #require(shell.failure(of: "invoice import \(invoices)"))
        #expect(failure.description.contains("nothing imported: 4 of 4 rows rejected"))
        #expect(try shell.query("SELECT count(*) AS n FROM invoices").first?.integer("n") == 0)
        try shell.run("invoice import \(try file("number,customer,amount,issued,due\n9,Acme,10,2025-01-01,2025-02-01\n"))")
        let payments = try file("invoice,amount,paid\n9,11,2025-02-01\n404,1,2025-02-01\n9,5,yesterday\n")
        #expect(shell.failure(of: "payment import \(payments)")?.description.contains("nothing imported: 3 of 3 rows rejected") == true)
        #expect(shell.printed.contains("rejected line 2, column \"amount\": more than the 10.00 CNY owed on 9"))
        #expect(shell.printed.contains("rejected line 3, column \"invoice\": no invoice 404"))
    }

    /// An export whose issue-date column has another name: refused with the names accepted (no
    /// longer read as issued on the due date), then imported with --map; the unused columns named.
    @Test func anUnrecognisedIssueDateIsRefusedAndMapped() throws {
        let shell = try TestShell()
        let invoices = try file("number,customer,amount,Posting Date,due,Notes\n00017,Acme,100,2025-01-02,2025-02-01,rush\n")
        let failure = try #require(shell.failure(of: "invoice import \(invoices)"))
        #expect(failure.description.contains("\(invoices) has no issued column: none of its columns is named issued, issue date, issued on, invoice date, date issued, document date, date (columns: number, customer, amount, Posting Date, due, Notes)"))
        #expect(failure.description.contains("--map 'Column=issued'"))
        #expect(try shell.query("SELECT count(*) AS n FROM invoices").first?.integer("n") == 0)
        #expect(shell.failure(of: "invoice import \(invoices) --map 'Posting Date=posted'")?.description
            .contains("\"Posting Date=posted\": posted is not a field of this import (fields: number, customer, amount, currency, issued, due, settled)") == true)
        #expect(shell.failure(of: "invoice import \(invoices) --map 'Posted=issued'")?.description
            .contains("has no column \"Posted\" (columns: number, customer, amount, Posting Date, due, Notes)") == true)
        #expect(try shell.run("invoice import \(invoices) --map 'Posting Date=issued'") == "imported 1 invoice\n")
        #expect(shell.output.notes.last == "ignored columns: Notes (map them with --map 'Column=field', or keep them with --keep-extra)")
        #expect(try shell.query("SELECT issued_on, due_on FROM invoices").first.map { [$0.text("issued_on"), $0.text("due_on")] }
                == ["2025-01-02T00:00:00Z", "2025-02-01T00:00:00Z"])
    }

    /// --map wins over a header that a field would otherwise recognise.
    @Test func aMappedColumnWinsOverARecognisedOne() throws {
        let shell = try TestShell()
        let invoices = try file("number,customer,amount,date,Invoice Date,due\n1,Acme,100,2025-01-20,2025-01-05,2025-02-01\n")
        #expect(try shell.run("invoice import \(invoices) --map 'Invoice Date=issued'") == "imported 1 invoice\n")
        #expect(shell.output.notes.last == "ignored columns: date (map them with --map 'Column=field', or keep them with --keep-extra)")
        #expect(try shell.query("SELECT issued_on FROM invoices").first?.text("issued_on") == "2025-01-05T00:00:00Z")
        #expect(shell.failure(of: "invoice import \(invoices) --map 'date=issued,Invoice Date=issued'")?.description
            .contains("two columns are mapped to issued") == true)
    }

    @Test func paymentImportTakesAMapToo() throws {
        let shell = try TestShell()
        try shell.run("invoice import \(try file("number,customer,amount,issued,due\n00017,Acme,100,2025-01-02,2025-02-01\n"))")
        let bank = try file("Doc,Value Date,amount,Memo\n00017,2025-02-11,100,wire\n")
        let failure = try #require(shell.failure(of: "payment import \(bank)"))
        #expect(failure.description.contains("has no invoice column: none of its columns is named invoice, invoice number, invoice no, invoice id, number"))
        #expect(shell.failure(of: "payment import \(bank) --map 'Doc=invoice'")?.description
            .contains("has no paid column: none of its columns is named paid, paid on, payment date, date paid, date") == true)
        #expect(try shell.run("payment import \(bank) --map 'Doc=invoice,Value Date=paid'") == "imported 1 payment\n")
        #expect(shell.output.notes.last == "ignored columns: Memo (map them with --map 'Column=field', or keep them with --keep-extra)")
        #expect(try shell.rows("invoice list").first?["status"] == .string("paid"))
    }

    /// `help invoice import` and `help payment import` list every field from the declarations the
    /// imports read by: each header listed is one the import recognises.
    @Test func helpListsTheFieldsEachImportReads() throws {
        let shell = try TestShell()
        let help = try shell.run("help invoice import")
        #expect(help.contains("  issued      date, required\n              headers: issued, issue date, issued on, invoice date, date issued, document date, date\n"))
        #expect(help.contains("  currency    currency code, optional — the amount's currency when it names none (default --currency, else CNY)\n"))
        #expect(try shell.run("payment import --help").contains("  method      text, optional — default transfer\n              headers: method, payment method, paid by\n"))
        // Every header help names for a field fills that field.
        for field in InvoiceImportCommand.fields {
            for header in [field.name] + field.headers {
                let columns = InvoiceImportCommand.fields.map { $0.name == field.name ? header : $0.name }
                let values = InvoiceImportCommand.fields.map { ["number": "N-\(header.count)", "customer": "Acme", "amount": "10",
                                                                 "issued": "2025-01-01", "due": "2025-02-01", "settled": "2025-01-20"][$0.name] ?? "CNY" }
                let path = try file(columns.joined(separator: ",") + "\n" + values.joined(separator: ",") + "\n")
                #expect(try shell.run("invoice import \(path) --dry-run").hasPrefix("would import 1 invoice"), "header \(header)")
            }
        }
    }
}
