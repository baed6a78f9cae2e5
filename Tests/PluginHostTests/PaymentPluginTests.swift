import Foundation
import FunnelModel
import FunnelTestSupport
import PluginHost
import ShellEngine
import StageKit
import Testing

/// The payment slot filled out of process: ledger-lite (Plugins/examples/python-payment) bills a
/// contract, takes payments and reminds late payers through the `invoice`, `payment` and `reminder`
/// hand-offs, with the same figures as the built-in; bad hand-offs are refused whole; `review replay
/// payment` sets one implementation's dunning levels beside the other's.
@Suite struct PaymentPluginTests {
    static let ledgerLite = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Plugins/examples/python-payment/ledger_lite.py").path

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-payment-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A shell on `folder`'s database at `now`, with its own plugins.json there.
    func shell(_ folder: String, now: String) throws -> TestShell {
        let shell = try TestShell(path: folder + "/funnel.db", now: now)
        shell.plugins = PluginList(file: folder + "/plugins-\(UUID().uuidString.prefix(8)).json")
        return shell
    }

    /// A signed contract K-1: 3 × 1,000.01 CNY, delivery 2026-03-01, on `payment` terms.
    func signed(_ shell: TestShell, payment: String = "30% deposit, 70% net 30") throws {
        try shell.run("""
        lead add "宁波港务"; lead qualify L-1 --force
        product add P Pee --price 1000.01
        quote add D-1 --line 'P x 3' --override; quote send Q-1; quote accept Q-1
        contract sign Q-1 --delivery 2026-03-01 --payment '\(payment)' --signatory 王经理
        """)
    }

    func count(_ shell: TestShell, _ table: String) throws -> Int64 {
        try shell.query("SELECT count(*) AS n FROM \(table)").first?.integer("n") ?? -1
    }

    @Test(arguments: ["30% deposit, 70% net 30", "net 45, 3 installments", "100% deposit"])
    func ledgerLiteBillsTheSameInvoicesAsTheBuiltIn(terms: String) throws {
        let builtIn = try shell(try folder(), now: "2026-01-31")
        try signed(builtIn, payment: terms)
        try builtIn.run("invoice generate K-1")
        let plugin = try shell(try folder(), now: "2026-01-31")
        try signed(plugin, payment: terms)
        try plugin.run("plugin add \(Self.ledgerLite)\nstage use payment ledger-lite")
        // A dry run checks the hand-offs and keeps nothing.
        #expect(try plugin.run("contract show K-1 | invoice bill --dry-run | count") != "0\n")
        #expect(try count(plugin, "invoices") == 0)
        try plugin.run("contract show K-1 | invoice bill")
        let probe = "invoice list | select id number kind amount due status"
        #expect(try plugin.run(probe) == (try builtIn.run(probe)), "\(terms)")
        let by = try plugin.query("SELECT DISTINCT implementation FROM events WHERE type = 'invoice.issued'").map { $0.text("implementation") }
        #expect(by == ["ledger-lite"])
        // Billing again would invoice more than the contract: refused whole, in Funnel's words.
        let again = try #require(plugin.failure(of: "contract show K-1 | invoice bill"))
        #expect(again.description.contains("plugin ledger-lite handed on a record Funnel refused"), "\(again.description)")
        #expect(again.description.contains("not yet invoiced; nothing was changed"), "\(again.description)")
        #expect(try plugin.run(probe) == (try builtIn.run(probe)))
    }

    @Test func ledgerLiteTakesPaymentsAndRemindsAtItsOwnLevels() throws {
        let folder = try folder()
        let first = try shell(folder, now: "2026-01-31")
        try signed(first)
        try first.run("plugin add \(Self.ledgerLite)\nstage use payment ledger-lite\ncontract show K-1 | invoice bill")
        #expect(try first.run("payment take I-1 500 --ref HZ-1 --yes") == "took 500.00 CNY on I-1 by transfer (ref HZ-1)\n")
        #expect(try first.rows("invoice list").first?["balance"]?.plainText == "400.01 CNY")
        // Funnel keeps the balance, not the plugin: paying more than is owed is refused whole.
        let over = try #require(first.failure(of: "payment take I-1 500 --yes"))
        #expect(over.description.contains("500.00 CNY is more than the 400.01 CNY still owed on I-1; nothing was changed"), "\(over.description)")
        #expect(first.failure(of: "payment take I-1 '5 USD' --yes")?.description.contains("I-1 is in CNY, the amount in USD") == true)
        #expect(try count(first, "payments") == 1)

        // 25 days after the deposit was due: ledger-lite's second level (21 days), once.
        let later = try shell(folder, now: "2026-03-04")
        try later.run("plugin add \(Self.ledgerLite)\nstage use payment ledger-lite")
        #expect(try later.rows("invoice list --overdue | invoice remind --dry-run").map { $0["action"]?.plainText } == ["phone call"])
        #expect(try count(later, "dunning_reminders") == 0)
        let reminded = try later.rows("invoice list --overdue | invoice remind")
        #expect(reminded.map { $0["invoice"]?.plainText } == ["I-1"])
        #expect(reminded.first?["level"] == .int(2))
        #expect(reminded.first?["days overdue"] == .int(25))
        #expect(try later.rows("invoice list --overdue | invoice remind").isEmpty)   // once per level
        let dunned = try later.query("SELECT payload, implementation FROM events WHERE type = 'invoice.dunned'")
        #expect(dunned.map { $0.text("implementation") } == ["ledger-lite"])
        #expect(dunned.first?.text("payload")?.contains(#""action":"phone call""#) == true)
        #expect(try later.rows("invoice list --overdue").first?["dunned"] == .int(2))
        // Paid in full, late: the invoice is paid and the payment knows how late.
        try later.run("payment take I-1 400.01 --ref HZ-2 --yes")
        #expect(try later.rows("invoice list").first?["status"] == .string("paid"))
        #expect(try later.query("SELECT payload FROM events WHERE type = 'payment.received' ORDER BY id DESC").first?.text("payload")?
            .contains(#""days late":25"#) == true)
    }

    /// A payment plugin whose `ledger hand CASE` hands on a good invoice and then the hand-off named by
    /// CASE: Funnel must refuse the command whole, the good invoice included.
    func badLedger(in folder: String, slot: String = "payment") throws -> String {
        let path = folder + "/bad_ledger_\(slot).py"
        let good = #"{"kind": "invoice", "contract": "K-1", "invoice_kind": "deposit", "amount": {"amount": "900.01", "currency": "CNY"}, "due": "2026-02-07"}"#
        let script = """
            #!/usr/bin/env python3
            import json, sys
            GOOD = \(good)
            def invoice(**change):
                record = dict(GOOD); record.update(change); return record
            CASES = {
                "unknown-contract": invoice(contract="K-9"),
                "dollars": invoice(amount={"amount": "900.01", "currency": "USD"}),
                "zero": invoice(amount={"amount": "0.00", "currency": "CNY"}),
                "over-total": invoice(invoice_kind="balance", amount={"amount": "2100.03", "currency": "CNY"}),
                "due-before-issue": invoice(due="2026-01-30"),
                "no-kind": {k: v for k, v in GOOD.items() if k != "invoice_kind"},
                "amount-as-text": invoice(amount="900.01"),
                "overpaid": {"kind": "payment", "invoice": "I-1", "amount": {"amount": "900.02", "currency": "CNY"}, "reference": "X"},
                "paid-in-dollars": {"kind": "payment", "invoice": "I-1", "amount": {"amount": "1.00", "currency": "USD"}},
                "paid-unknown": {"kind": "payment", "invoice": "I-9", "amount": {"amount": "1.00", "currency": "CNY"}},
                "not-overdue": {"kind": "reminder", "invoice": "I-1", "level": 1, "note": "reminder"},
                "no-note": {"kind": "reminder", "invoice": "I-1", "level": 1},
                "unknown-kind": {"kind": "refund", "invoice": "I-1"},
                "good": GOOD,
            }
            def send(message): print(json.dumps(message), flush=True)
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] == "hello":
                    send({"type": "hello", "protocol": "1.1", "name": "bad-ledger", "version": "1", "stages": [{"slot": "\(slot)",
                          "implementation": "bad-ledger", "commands": [{"name": "ledger hand", "kind": "verb", "output": "nothing",
                          "positionals": [{"name": "case", "type": "word"}]}]}]})
                elif m["type"] == "call":
                    send({"type": "handoffs", "id": m["id"], "handoffs": [GOOD, CASES[m["arguments"]["case"]]]})
                    send({"type": "done", "id": m["id"]})
                elif m["type"] == "goodbye":
                    break

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }

    @Test func badPaymentHandOffsAreRefusedWhole() throws {
        let folder = try folder()
        let shell = try shell(folder, now: "2026-01-31")
        try signed(shell)
        try shell.run("plugin add \(try badLedger(in: folder))\nstage use payment bad-ledger")
        let refusals = [
            "unknown-contract": "hand-off 2: no contract K-9",
            "dollars": "K-1 is in CNY; an invoice of 900.01 USD is not",
            "zero": "an invoice of K-1 must be for more than zero",
            "over-total": "2,100.03 CNY is more than the 2,100.02 CNY of K-1's 3,000.03 CNY not yet invoiced",
            "due-before-issue": "the deposit of K-1 would be due on 2026-01-30, before it is issued (2026-01-31)",
            "no-kind": "hand-off 2: invoice_kind (deposit, balance, installment 1 of 3 …) is missing",
            "amount-as-text": "hand-off 2: amount must be money",
            "overpaid": "900.02 CNY is more than the 900.01 CNY still owed on I-1",
            "paid-in-dollars": "I-1 is in CNY, the amount in USD",
            "paid-unknown": "no invoice I-9",
            "not-overdue": "I-1 is not overdue (due 2026-02-07)",
            "no-note": "hand-off 2: note (what was done, e.g. reminder) is missing",
            "unknown-kind": "hand-off 2 is of kind refund; Funnel takes lead, need, budget, proposal, accepted-quote, contract, invoice, payment, reminder, ticket, ticket-step, revisit, revisit-log, record",
        ]
        for (name, words) in refusals.sorted(by: { $0.key < $1.key }) {
            let failure = try #require(shell.failure(of: "ledger hand \(name)"), "\(name)")
            #expect(failure.description.contains("plugin bad-ledger handed on a record Funnel refused"), "\(name): \(failure.description)")
            #expect(failure.description.contains(words), "\(name): \(failure.description)")
            #expect(failure.description.contains("nothing was changed"), "\(name)")
            // The good invoice handed on first was undone with the bad record.
            for table in ["invoices", "payments", "dunning_reminders"] { #expect(try count(shell, table) == 0, "\(name): \(table)") }
            #expect(try shell.query("SELECT count(*) AS n FROM events WHERE type LIKE 'invoice.%' OR type LIKE 'payment.%'").first?.integer("n") == 0)
        }
    }

    @Test func onlyAPaymentStageIssuesInvoices() throws {
        let folder = try folder()
        let shell = try shell(folder, now: "2026-01-31")
        try signed(shell)
        try shell.run("plugin add \(try badLedger(in: folder, slot: "service"))\nstage use service bad-ledger")
        let failure = try #require(shell.failure(of: "ledger hand good"))
        #expect(failure.description.contains("hand-off 1: an invoice is payment's hand-off; service cannot issue one"), "\(failure.description)")
        #expect(try count(shell, "invoices") == 0)
    }

    /// The built-in reminded I-1 at its second level; ledger-lite, asked at that moment, would have
    /// sent its first; the invoice was then paid late. And the other way round.
    @Test func reviewReplayPaymentSetsTheOtherDunningLevelsBesideTheRecordedOnes() throws {
        let folder = try folder()
        let start = try shell(folder, now: "2026-01-31")
        try signed(start)
        try start.run("invoice generate K-1")
        let reminding = try shell(folder, now: "2026-02-25")   // I-1 is 18 days overdue
        #expect(try reminding.rows("invoice remind").map { $0["action"]?.plainText } == ["second notice"])
        let after = try shell(folder, now: "2026-03-05")
        try after.run("payment add I-1 900.01 --ref HZ-9 --yes")
        try after.run("plugin add \(Self.ledgerLite)")
        let before = try after.query("SELECT (SELECT count(*) FROM dunning_reminders) || '/' || (SELECT count(*) FROM payments) || '/' || "
                                     + "(SELECT group_concat(status) FROM invoices) || '/' || (SELECT count(*) FROM events) AS state").first?.text("state")

        let replay = try after.rows("review replay payment ledger-lite")
        #expect(replay.map { $0["invoice"]?.plainText } == ["I-1"])
        #expect(replay.first?["happened"] == .string("2"))
        #expect(replay.first?["by"] == .string("receivables"))
        #expect(replay.first?["would"] == .string("1"))
        #expect(replay.first?["action"]?.plainText == "friendly email")
        #expect(replay.first?["outcome"] == .string("paid late"))
        #expect(replay.first?["days late"] == .int(26))
        #expect(after.output.notes.last == "payment ledger-lite gives the same dunning level to 0 of 1 reminded invoices; it would have pressed 0 harder "
                                             + "and 1 more gently (1 paid late); nothing was changed")
        let state = try after.query("SELECT (SELECT count(*) FROM dunning_reminders) || '/' || (SELECT count(*) FROM payments) || '/' || "
                                    + "(SELECT group_concat(status) FROM invoices) || '/' || (SELECT count(*) FROM events) AS state").first?.text("state")
        #expect(state == before)
        // The built-in replayed against itself agrees with what it did.
        #expect(try after.rows("review replay payment receivables --differences").isEmpty)

        // Later, with ledger-lite active: I-2 is 36 days overdue, ledger-lite's second level (21 days); the
        // built-in would have sent its third (final notice, 30 days).
        let late = try shell(folder, now: "2026-05-06")
        try late.run("plugin add \(Self.ledgerLite)\nstage use payment ledger-lite\ninvoice list --overdue | invoice remind")
        let back = try late.rows("review replay payment receivables --differences")
        #expect(back.map { $0["invoice"]?.plainText } == ["I-2"], "\(back)")
        #expect(back.first?["by"] == .string("ledger-lite"))
        #expect(back.first?["happened"] == .string("2"))
        #expect(back.first?["would"] == .string("3"))
        #expect(back.first?["action"]?.plainText == "final notice")
        #expect(back.first?["outcome"] == .string("still open"))
    }
}
