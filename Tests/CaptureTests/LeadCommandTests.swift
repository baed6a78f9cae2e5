import Capture
import FunnelModel
import FunnelStore
import FunnelTestSupport
import ShellEngine
import StageHost
import StageKit
import Testing

@Suite struct LeadCommandTests {
    @Test func addStoresEveryFieldAndJournalsIt() throws {
        let shell = try TestShell()
        #expect(try shell.run(#"lead add "杭州 客户" --company "杭州钢铁" --email a@b.cn --source "trade show" --budget "12,345.67 CNY" --authority yes --need 2 --timeline 45 --region 华东 --industry steel --owner alice"#)
                == "L-1 added: 杭州 客户\n")
        let row = try #require(try shell.query("SELECT * FROM leads").first)
        #expect(row.integer("budget_minor") == 1_234_567)
        #expect(row.text("budget_currency") == "CNY")
        #expect(row.text("company") == "杭州钢铁")
        #expect(row.integer("authority") == 1)
        #expect(row.text("created_at") == "2026-01-31T00:00:00Z")
        let event = try #require(try shell.query("SELECT * FROM events").first)
        #expect(event.text("type") == "lead.added")
        #expect(event.text("subject") == "L-1")
        #expect(event.text("slot") == "capture")
        #expect(event.text("implementation") == "manual")
        #expect(event.text("actor") == "tester")
        #expect(event.text("payload")?.contains(#""budget":{"amount":"12345.67","currency":"CNY"}"#) == true)
    }

    @Test func showPrintsOneLeadAsFieldsAndValues() throws {
        let shell = try TestShell()
        try shell.run("lead add Acme --budget 5")
        let text = try shell.run("lead show L-1")
        #expect(text.hasPrefix("id         L-1\nname       Acme\ncompany\n"))
        #expect(text.contains("\nbudget     5.00 CNY\n"))
    }

    @Test func editChangesOnlyGivenFieldsAndJournalsOldAndNew() throws {
        let shell = try TestShell()
        try shell.run("lead add Acme --budget 5000")
        #expect(try shell.run("lead edit L-1 --budget 8000 --owner bob") == "L-1 changed: owner:  → bob, budget: 5,000.00 CNY → 8,000.00 CNY\n")
        #expect(try shell.run("lead edit L-1 --budget 8000") == "L-1 unchanged\n")
        let payload = try shell.query("SELECT payload FROM events WHERE type = 'lead.edited'").first?.text("payload")
        #expect(payload == #"{"owner":{"from":null,"to":"bob"},"budget":{"from":{"amount":"5000.00","currency":"CNY"},"to":{"amount":"8000.00","currency":"CNY"}}}"#)
        #expect(try shell.run("lead edit L-1 --name Acme2 --dry-run") == "would change L-1: name: Acme → Acme2\n")
        #expect(try shell.query("SELECT name FROM leads").first?.text("name") == "Acme")
    }

    @Test func removeDeletesAndRecordsWhatWasThere() throws {
        let shell = try TestShell()
        try shell.run("lead add Acme; lead add test-1; lead add test-2")
        #expect(try shell.run("lead list | where name =~ test | lead rm") == "L-2 deleted: test-1\nL-3 deleted: test-2\n")
        #expect(try shell.run("lead list | count") == "1\n")
        #expect(try shell.query("SELECT count(*) AS n FROM events WHERE type = 'lead.removed'").first?.integer("n") == 2)
    }

    @Test(arguments: [
        ("lead add \"  \"", "a lead needs a name"),
        ("lead add x --email nope", "is not an e-mail address"),
        ("lead add x --budget -5", "cannot be negative"),
        ("lead add x --phone abc", "\"abc\" is not a phone number"),
        ("lead add x --phone 1234", "\"1234\" is not a phone number"),
        ("lead add x --phone '+86 138 0000 1111 ext'", "is not a phone number"),
        ("lead add x --phone '021-1234转'", "is not a phone number"),
        ("lead add x --budget '50000 XYZ'", "\"XYZ\" is not a currency code"),
        ("lead add x --budget 12abc", "is not an amount"),
        ("lead add x --need 4", "need is 0 to 3"),
        ("lead add x --timeline soon", "is not a whole number"),
        ("lead add x --authority maybe", "is not one of yes, no"),
        ("lead show 12", "is not a lead id"),
        ("lead show L-7", "no lead L-7"),
        ("lead edit L-7 --budget 5", "no lead L-7"),
        ("lead rm", "needs a lead id"),
        ("lead add", "needs NAME"),
    ])
    func badInputIsRefusedWithAClearMessageAndChangesNothing(script: String, message: String) throws {
        let shell = try TestShell()
        let failure = try #require(shell.failure(of: script))
        #expect(failure.description.contains(message))
        #expect(failure.description.hasPrefix("<test>:1:"))
        #expect(try shell.query("SELECT count(*) AS n FROM leads").first?.integer("n") == 0)
        #expect(try shell.query("SELECT count(*) AS n FROM events").first?.integer("n") == 0)
    }

    @Test(arguments: ["+86 138 0000 1111", "021-12345678转8", "（021）1234-5678", "＋86 13800001111", "(555) 010-4477 ext. 12",
                      "555.010.4477 x3", "0086/571/8888 0000"])
    func commonPhoneFormatsAreAccepted(phone: String) throws {
        let shell = try TestShell()
        #expect(try shell.run("lead add x --phone '\(phone)'") == "L-1 added: x\n")
    }

    /// Every field of a lead comes back as it was stored (leads are read by column position).
    @Test func aLeadRoundTripsThroughItsTable() throws {
        let shell = try TestShell()
        let lead = Lead(id: EntityID(.lead, 0), name: "Acme", company: "Acme Ltd", email: "a@acme.com", phone: "555-1234",
                        source: "web", campaign: "spring", tags: ["a", "b"], owner: "alice", region: "east", industry: "retail",
                        budget: Money(minorUnits: 500_000, currency: Currency(code: "JPY", minorDigits: 0)), authority: false,
                        need: 2, timelineDays: 30, purchaseFrequency: .monthly, status: .qualified, score: 77,
                        createdAt: try Day.parse("2026-01-02"))
        let stored = try shell.store.transaction { db -> (Lead, Lead?) in
            let inserted = try LeadTable.insert(lead, in: db)
            return (inserted, try LeadTable.fetch(inserted.id, in: db))
        }
        #expect(stored.1 == stored.0)
        #expect(stored.1?.budget?.currency.code == "JPY")
    }

    @Test func describesLeadIDsForCompletion() throws {
        let shell = try TestShell()
        try shell.run("lead add Acme --company 杭州; lead add Beta")
        for _ in 0..<10 { try shell.run("lead add filler") }
        let described = try shell.store.transaction { db in
            try CaptureStage().describeIDs(of: .lead, matching: "L-1", context: StageContext(
                database: db, clock: FixedClock(try Day.parse("2026-01-31")), output: shell.output, actor: "t", stage: nil))
        }
        #expect(described.map(\.id.description) == ["L-1", "L-10", "L-11", "L-12"])
        #expect(described.first?.summary == "Acme 杭州 · new")
    }
}
