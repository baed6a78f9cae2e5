import Foundation
import FunnelModel
import FunnelStore
import FunnelTestSupport
import ShellEngine
import StageHost
import StageKit
import Testing

/// The built-in payment stage writes its invoices, payments and reminders through the slot's hand-off
/// types (IssuedInvoice, ReceivedPayment, DunningReminder): the same checks and journal as a plugin's.
@Suite struct PaymentHandOffTests {
    static func database() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-payment-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("funnel.db").path
    }

    static func signed(_ path: String, payment: String = "30% deposit, 70% net 30") throws -> TestShell {
        let shell = try TestShell(path: path, now: "2026-01-31")
        try shell.run("""
        lead add "宁波港务"; lead qualify L-1 --force
        product add P Pee --price 1000.01
        quote add D-1 --line 'P x 3' --override; quote send Q-1; quote accept Q-1
        contract sign Q-1 --delivery 2026-03-01 --payment '\(payment)' --signatory 王经理
        """)
        return shell
    }

    @Test func invoicesAreIssuedThroughTheHandOffAndNeverDueBeforeIssue() throws {
        let path = try Self.database()
        let shell = try Self.signed(path)
        // The dry run goes through the same checks, and keeps nothing.
        #expect(try shell.rows("invoice generate K-1 --dry-run").map { $0["kind"]?.plainText } == ["deposit", "balance"])
        #expect(try shell.query("SELECT count(*) AS n FROM invoices").first?.integer("n") == 0)
        try shell.run("invoice generate K-1")
        let issued = try shell.query("SELECT subject, implementation, payload FROM events WHERE type = 'invoice.issued' ORDER BY id")
        #expect(issued.map { $0.text("subject") } == ["I-1", "I-2"])
        #expect(issued.allSatisfy { $0.text("implementation") == "receivables" })
        #expect(issued.first?.text("payload")?.contains(#""contract":"K-1""#) == true)

        // A second contract invoiced four months after it was signed: its deposit's date under the terms
        // has passed, so it is due on issue (an invoice is never due before it is issued: the hand-off's
        // rule, for every implementation), and so is the balance, due net 30 after a March delivery.
        try shell.run("lead add B; lead qualify L-2 --force; quote add D-2 --line 'P x 1' --override; quote send Q-2; quote accept Q-2; "
                      + "contract sign Q-2 --delivery 2026-03-01 --payment '30% deposit, 70% net 30' --signatory x")
        let later = try TestShell(path: path, now: "2026-05-31")
        let rows = try later.rows("invoice generate K-2")
        #expect(rows.map { $0["due"]?.plainText ?? "" } == ["2026-05-31", "2026-05-31"], "\(rows)")
        #expect(later.output.notes.contains { $0.contains("the deposit's date under the terms, 2026-02-07, has passed: it is due on issue, 2026-05-31") },
                "\(later.output.notes)")
    }

    @Test func paymentsAndCreditNotesGoThroughReceivedPayment() throws {
        let shell = try Self.signed(try Self.database())
        try shell.run("invoice generate K-1")
        #expect(try shell.run("payment add I-1 900.01 --ref HZ-1 --yes") == "received 900.01 CNY on I-1 · paid in full\n")
        #expect(shell.failure(of: "payment add I-1 1 --yes")?.description.contains("I-1 is paid") == true)
        #expect(shell.failure(of: "credit note I-1 1 --reason x --yes")?.description.contains("I-1 is paid") == true)
        #expect(try shell.run("credit note I-2 100 --reason goodwill --yes") == "credited 100.00 CNY on I-2 · 2,000.02 CNY remaining\n")
        let credited = try shell.query("SELECT implementation, payload FROM events WHERE type = 'invoice.credited'")
        #expect(credited.map { $0.text("implementation") } == ["receivables"])
        #expect(credited.first?.text("payload")?.contains(#""method":"credit note""#) == true)
        #expect(try shell.query("SELECT method, reference FROM payments WHERE invoice_id = 2").first?.text("reference") == "goodwill")
    }

    @Test func remindersAreTheSlotsRecordsWithTheirLevel() throws {
        let path = try Self.database()
        let shell = try Self.signed(path)
        try shell.run("invoice generate K-1")
        let late = try TestShell(path: path, now: "2026-02-25")    // the deposit is 18 days overdue
        let reminded = try late.rows("invoice remind")
        #expect(reminded.map { $0["level"] } == [.int(2)])
        #expect(reminded.map { $0["action"]?.plainText } == ["second notice"])
        let stored = try late.query("SELECT invoice_id, level, note, implementation FROM dunning_reminders")
        #expect(stored.map { "\($0.integer("invoice_id") ?? 0) \($0.integer("level") ?? 0) \($0.text("note") ?? "") \($0.text("implementation") ?? "")" }
                == ["1 2 second notice receivables"])
        #expect(try late.rows("invoice list --overdue").first?["dunned"] == .int(2))
        let journaled = try late.query("SELECT payload FROM events WHERE type = 'invoice.dunned'").first?.text("payload") ?? ""
        #expect(journaled.contains(#""days overdue":18"#) && journaled.contains(#""action":"second notice""#), "\(journaled)")
        #expect(try late.rows("invoice remind").isEmpty)
        // The recorded decision review replay reads.
        let decisions = try late.store.transaction { try Decision.recorded(in: .payment, database: $0) }
        #expect(decisions == [Decision(subject: EntityID(.invoice, 1), slot: .payment, implementation: "receivables", decision: "2", reason: "second notice")])
    }
}
