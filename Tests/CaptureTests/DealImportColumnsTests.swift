import Foundation
import FunnelTestSupport
import ShellEngine
import StageCatalog
import StageKit
import Testing

/// `deal import` fits a file's columns to its fields by the rule every import shares
/// (`ImportColumns.resolve`), its `entered STAGE` columns declared as one field a stage.
/// A team's own stage between recommend and negotiate, as a plugin would insert it.
private struct TrialStage: Stage {
    var descriptor: StageDescriptor {
        StageDescriptor(slot: StageSlot("trial"), implementation: "pilot", summary: "A trial.", version: "1", follows: StageSlot("recommend"))
    }
    var commands: [Command] { [] }
}

@Suite struct DealImportColumnsTests {
    func file(_ content: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-deal-columns-\(UUID().uuidString).csv").path
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aMappedColumnWinsOverARecognisedHeaderAndTheOtherIsNamedAsUnused() throws {
        let shell = try TestShell(now: "2026-06-30")
        let path = try file("customer,Account,status,created,closed,value\nold name,Acme,won,2026-01-01,2026-02-01,100\n")
        #expect(try shell.run("deal import \(path) --map 'Account=customer' --quiet") == "imported 1 deal · 1 new customer\n")
        #expect(shell.output.notes.contains("ignored columns: customer (map them with --map 'Column=field', or keep them with --keep-extra)"))
        #expect(try shell.query("SELECT name FROM customers").map { $0.text("name") } == ["Acme"])
    }

    @Test func twoColumnsForOneFieldAnUnknownStageAndAMissingCustomerAreRefusedBeforeAnyRow() throws {
        let shell = try TestShell()
        let path = try file("customer,Account,status,Stage Day\nA,B,open,2026-01-01\n")
        let twice = try #require(shell.failure(of: "deal import \(path) --map 'Account=customer,customer=customer'"))
        #expect(twice.description.contains("two columns are mapped to customer: \"Account\" and \"customer\""), "\(twice)")
        let bogus = try #require(shell.failure(of: "deal import \(path) --map 'Stage Day=entered bogus'"))
        #expect(bogus.description.contains("\"Stage Day=entered bogus\": entered bogus is not a deal field (fields: customer, title, owner, "
                                           + "product, stage, status, created, closed, value, currency, lost_reason, entered STAGE)"), "\(bogus)")
        let none = try file("Account Holder,status\nA,open\n")
        let missing = try #require(shell.failure(of: "deal import \(none)"))
        #expect(missing.description.contains("has no customer column: none of its columns is named customer, account, accountname, company "
                                             + "(columns: Account Holder, status)"), "\(missing)")
        #expect(missing.description.contains("hint: name it with --map 'Column=customer'"))
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 0)
    }

    /// A column of another name maps to one stage's `entered` field; its dates are checked and
    /// journaled like a recognised `Entered Negotiate` column's.
    @Test func aMappedStageDateIsCheckedAndJournaled() throws {
        let shell = try TestShell(now: "2026-06-30")
        let late = try file("customer,status,created,closed,Stage Day\nAcme,won,2026-01-01,2026-02-01,2026-03-01\n")
        #expect(shell.failure(of: "deal import \(late) --map 'Stage Day=entered negotiate'") != nil)
        #expect(shell.printed.contains("rejected line 2: entered negotiate 2026-03-01 after the deal closed 2026-02-01"), "\(shell.printed)")
        let good = try file("customer,status,created,closed,Stage Day\nAcme,won,2026-01-01,2026-02-01,2026-01-15\n")
        try shell.run("deal import \(good) --map 'Stage Day=entered negotiate' --quiet")
        let advanced = try shell.rows("journal list D-1").filter { $0["type"] == .string("deal.advanced") }
        #expect(advanced.map { "\($0["at"]?.plainText ?? "") \($0["details"]?.plainText ?? "")" }
            == ["2026-01-15 {\"from\":\"discover\",\"to\":\"negotiate\",\"imported\":true}"], "\(advanced)")
    }

    @Test func helpListsTheStageDatesAsOneFieldWithEveryHeader() throws {
        let help = try TestShell().run("deal import --help")
        #expect(help.contains("  entered STAGE  date, optional"), "\(help)")
        #expect(help.contains("headers: entered capture, entered screen, entered discover, entered recommend, entered negotiate, entered sign, "
                              + "entered payment, entered service, entered revisit"), "\(help)")
    }

    /// A stage a team inserted is a stage a file may name, as the stage reached and as an
    /// `entered STAGE` column, in its place in the lifecycle.
    @Test func aStageATeamInsertedCanBeImported() throws {
        let shell = try TestShell(stages: StageCatalog.builtIn + [TrialStage()], now: "2026-06-30")
        let path = try file("""
            customer,stage,status,created,Entered Trial,Entered Negotiate,closed,value
            Acme,trial,open,2026-01-01,2026-01-20,,,100
            Beta,negotiate,open,2026-01-01,2026-01-10,2026-02-01,,100
            Gamma,negotiate,open,2026-01-01,2026-03-01,2026-02-01,,100

            """)
        let refused = try #require(shell.failure(of: "deal import \(path)"))
        #expect(refused.description.contains("nothing imported: 1 of 3 rows rejected"), "\(refused)")
        #expect(shell.printed.contains("rejected line 4: entered negotiate 2026-02-01 before trial 2026-03-01"), "\(shell.printed)")
        try shell.run("deal import \(path) --partial --quiet")
        #expect(try shell.query("SELECT stage FROM deals ORDER BY id").map { $0.text("stage") ?? "" } == ["trial", "negotiate"])
        let advanced = try shell.query("SELECT subject, \(shell.dialect.jsonText("payload", key: "to")) AS stage FROM events WHERE type = 'deal.advanced' ORDER BY id")
        #expect(advanced.map { "\($0.text("subject") ?? "") \($0.text("stage") ?? "")" } == ["D-1 trial", "D-2 trial", "D-2 negotiate"])
    }

    /// Open deals without an account (a pipeline export's early ones) are refused with the way out;
    /// `--missing-customer NAME` files them under one customer, and says how many.
    @Test func dealsWithoutACustomerAreFiledUnderTheOneNamed() throws {
        let shell = try TestShell(now: "2026-06-30")
        let path = try file("account,deal_stage,engage_date,close_date,close_value\nAcme,Won,2026-01-02,2026-02-01,100\n,Prospecting,,,\n,Engaging,2026-03-01,,\n")
        let values = "--map-values 'deal_stage:Prospecting=discover,Engaging=discover,Won=won'"
        let refused = try #require(shell.failure(of: "deal import \(path) --map 'deal_stage=stage,engage_date=created,close_date=closed,close_value=value' \(values)"))
        #expect(refused.description.contains("nothing imported: 2 of 3 rows rejected"), "\(refused)")
        #expect(shell.printed.contains("rejected line 3: a deal needs a customer (file such deals under one with --missing-customer NAME)"), "\(shell.printed)")
        #expect(shell.failure(of: "deal import \(path) --missing-customer ' '")?.description.contains("--missing-customer needs a customer name") == true)
        #expect(try shell.run("deal import \(path) --map 'deal_stage=stage,engage_date=created,close_date=closed,close_value=value' \(values) --missing-customer '(no account)'")
                == "imported 3 deals · 2 new customers\n")
        #expect(shell.output.notes.contains("data quality: 2 deals without a customer filed under \"(no account)\""), "\(shell.output.notes)")
        let deals = try shell.query("SELECT c.name AS customer, d.status FROM deals d JOIN customers c ON c.id = d.customer_id ORDER BY d.id")
        #expect(deals.map { "\($0.text("customer") ?? "") \($0.text("status") ?? "")" } == ["Acme won", "(no account) open", "(no account) open"])
    }
}
