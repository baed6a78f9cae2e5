import FunnelModel
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

@Suite struct DiscoveryTests {
    func shellWithDeal() throws -> TestShell {
        let shell = try TestShell()
        try shell.run("lead add \"杭州钢铁\" --budget 50000; lead qualify L-1 --force --owner alice")
        return shell
    }

    @Test func activitiesNeedsStakeholdersAndCompetitorsAreRecordedAndJournaled() throws {
        let shell = try shellWithDeal()
        #expect(try shell.run("activity add D-1 meeting \"site visit, met CTO 王伟\" --on 2026-02-03 --with 王伟") == "A-1 recorded on D-1: meeting\n")
        #expect(try shell.run("need add D-1 \"ERP integration\" --priority high") == "N-1 recorded on D-1: ERP integration (high)\n")
        try shell.run("need add D-1 reporting --kind pain --priority critical; stakeholder add D-1 王伟 --role CTO --decides")
        try shell.run("competitor add D-1 Kingdee --notes cheaper")
        #expect(try shell.rows("need list D-1").map { $0["description"]?.plainText } == ["reporting", "ERP integration"])
        let activity = try #require(try shell.rows("activity list D-1").first)
        #expect(activity["on"]?.plainText == "2026-02-03")
        #expect(activity["with"] == .string("王伟"))
        let deal = try #require(try shell.rows("deal show D-1").first)
        #expect(deal["needs"] == .int(2))
        #expect(deal["stakeholders"] == .int(1))
        #expect(deal["discovery gate"] == .string("budget not confirmed"))
        let types = try shell.query("SELECT type FROM events WHERE subject = 'D-1' AND slot = 'discover' ORDER BY id").map { $0.text("type") ?? "" }
        #expect(types == ["activity.added", "need.added", "need.added", "stakeholder.added", "competitor.added"])
    }

    @Test func theGateExplainsWhatIsMissingAndThenLetsTheDealGo() throws {
        let shell = try shellWithDeal()
        let blocked = try #require(shell.failure(of: "deal advance D-1"))
        #expect(blocked.description.contains("cannot leave discover: no need recorded; budget not confirmed"))
        #expect(blocked.description.contains("hint: gate: discover.exit (needs)"))
        try shell.run("need add D-1 reporting; deal edit D-1 --budget-confirmed yes")
        #expect(try shell.run("deal advance D-1 --dry-run") == "D-1 may move discover → recommend\n")
        try shell.run("config set discover.gate.decision-maker true")
        #expect(shell.failure(of: "deal advance D-1")?.description.contains("no decision maker known") == true)
        try shell.run("config set discover.gate.min-needs 3")
        #expect(shell.failure(of: "deal advance D-1")?.description.contains("1 of 3 needs recorded") == true)
        try shell.run("config set discover.gate.min-needs 1; stakeholder add D-1 王伟 --decides")
        #expect(try shell.run("deal advance D-1") == "D-1 → recommend\n")
        #expect(shell.failure(of: "deal advance D-1 --to discover")?.description.contains("discover is not a stage after recommend") == true)
        let journal = try shell.query("SELECT slot, implementation, payload FROM events WHERE type = 'deal.advanced'").first
        #expect(journal?.text("slot") == "discover")
        #expect(journal?.text("payload") == #"{"from":"discover","to":"recommend"}"#)
    }

    /// `--to` a stage further on passes every gate on the way, and deals move only up to `sign`.
    @Test func advancingSeveralStagesPassesEveryGateOnTheWay() throws {
        let shell = try shellWithDeal()
        try shell.run("need add D-1 reporting; deal edit D-1 --budget-confirmed yes")
        let skipped = try #require(shell.failure(of: "deal advance D-1 --to negotiate"))
        #expect(skipped.description.contains("cannot leave recommend on the way to negotiate: no product recommended yet"))
        #expect(try shell.query("SELECT stage FROM deals").first?.text("stage") == "discover")
        let later = try #require(shell.failure(of: "deal advance D-1 --to review"))
        #expect(later.description.contains("review is not a stage after discover"))
        #expect(later.description.contains("later stages: recommend, negotiate, sign"))
        try shell.run("product add GT-1 \"Reporting suite\" --price 40000 --addresses reporting; deal recommend D-1")
        #expect(try shell.run("deal advance D-1 --to negotiate") == "D-1 → negotiate\n")
        // A deal at sign goes no further: signing the contract wins it.
        try shell.execute("UPDATE deals SET stage = 'sign' WHERE id = 1")
        let atSign = try #require(shell.failure(of: "deal advance D-1 --to payment"))
        #expect(atSign.description.contains("payment is not a stage after sign"))
        #expect(atSign.description.contains("hint: sign is the last deal stage"))
        #expect(shell.failure(of: "deal advance D-1")?.description.contains("cannot leave sign: no signed contract") == true)
        #expect(try shell.query("SELECT stage FROM deals WHERE id = 1").first?.text("stage") == "sign")
    }

    @Test func needsAreCorrectedAndRemovedWithTheJournalKeepingWhatTheyWere() throws {
        let shell = try shellWithDeal()
        try shell.run("need add D-1 reportng; need add D-1 'mobile app' --priority low")
        #expect(try shell.run("need edit N-1 --description reporting --priority critical") == "N-1 changed: description: reporting, priority: critical\n")
        #expect(try shell.rows("need list D-1").map { $0["description"]?.plainText } == ["reporting", "mobile app"])
        #expect(try shell.run("need rm N-2 --dry-run") == "would remove N-2 from D-1: mobile app\n")
        #expect(try shell.run("need rm N-2 --yes") == "N-2 removed from D-1: mobile app\n")
        #expect(try shell.rows("need list D-1").count == 1)
        let journal = try shell.query("SELECT type, payload FROM events WHERE type IN ('need.edited', 'need.removed') ORDER BY id")
        #expect(journal.map { $0.text("type") } == ["need.edited", "need.removed"])
        #expect(journal.last?.text("payload") == #"{"need":"N-2","description":"mobile app"}"#)
        #expect(shell.failure(of: "need edit N-9 --priority low")?.description.contains("no need N-9") == true)
        #expect(shell.failure(of: "need edit N-1 --description ' '")?.description.contains("describe the need") == true)
        #expect(try shell.run("need edit N-1") == "N-1 unchanged\n")
    }

    @Test func stakeholdersAndCompetitorsAreListed() throws {
        let shell = try shellWithDeal()
        try shell.run("lead add Other; lead qualify L-2 --force")
        try shell.run("stakeholder add D-1 李娜 --role purchasing; stakeholder add D-1 王伟 --role CTO --decides; stakeholder add D-2 Bob")
        try shell.run("competitor add D-1 Kingdee --notes cheaper; competitor add D-2 Yonyou; competitor add D-2 Kingdee")
        #expect(try shell.rows("stakeholder list D-1").map { $0["name"]?.plainText } == ["王伟", "李娜"])
        #expect(try shell.rows("stakeholder list").count == 3)
        #expect(try shell.rows("competitor list D-2").map { $0["name"]?.plainText } == ["Yonyou", "Kingdee"])
        #expect(try shell.run("competitor list | where name == Kingdee | count") == "2\n")
    }

    @Test func dealsListAsStoredRows() throws {
        let shell = try shellWithDeal()
        try shell.run("lead add Other; lead qualify L-2 --force --owner bob")
        #expect(try shell.run("deal list | where owner == bob | count") == "1\n")
        #expect(try shell.rows("deal list | where owner == alice | explain").first?["reads"] == .string("sql"))
        #expect(try shell.rows("deal list").map { $0["value"]?.plainText } == ["50,000.00 CNY", ""])
    }

    @Test func badInputIsRefused() throws {
        let shell = try shellWithDeal()
        #expect(shell.failure(of: "need add D-9 x")?.description.contains("no deal D-9") == true)
        #expect(shell.failure(of: "activity add D-1 lunch x")?.description.contains("is not one of call, meeting, message, note") == true)
        #expect(shell.failure(of: "deal edit D-1 --value -5")?.description.contains("cannot be negative") == true)
        #expect(shell.failure(of: "need add D-1 \"  \"")?.description.contains("describe the need") == true)
    }
}
