import Foundation
import FunnelTestSupport
import ShellEngine
@testable import Screening
import StageKit
import Testing

/// Lead outcomes imported as history (`lead import` with an outcome column) count in the funnel and
/// the cohorts, and train the predictive screener; the screener learns from the fields the user names.
@Suite struct LeadHistoryTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    func file(_ content: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-history-\(UUID().uuidString).csv").path
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func column(_ rows: [Record], _ name: String) -> [String] {
        rows.map { row in row[name].map { $0 == .null ? "" : $0.plainText } ?? "" }
    }

    static let history = """
    name,created,converted,converted date
    A,2026-01-05,yes,2026-01-20
    B,2026-01-10,no,
    C,2026-02-03,1,2026-02-10
    D,2026-02-04,,

    """

    @Test func importedOutcomesAreConvertedOrDisqualifiedAndJournaledOnTheirDay() throws {
        let shell = try TestShell(now: "2026-03-31")
        #expect(try shell.run("lead import \(try file(Self.history)) --yes") == "imported 4 leads · 0 rejected\n")
        #expect(shell.output.notes.contains("3 leads with an outcome: 2 converted (status converted, without a deal), 1 not (disqualified); screen train learns from them"))
        let statuses = try shell.query("SELECT name, status, deal_id FROM leads ORDER BY id").map { "\($0.text("name") ?? "") \($0.text("status") ?? "") \($0.integer("deal_id").map(String.init) ?? "-")" }
        #expect(statuses == ["A converted -", "B disqualified -", "C converted -", "D new -"])
        let events = try shell.query("SELECT subject, substr(at, 1, 10) AS day, payload FROM events WHERE type = 'lead.outcome' ORDER BY id")
        #expect(events.map { $0.text("day") } == ["2026-01-20", "2026-03-31", "2026-02-10"])
        #expect(events.first?.text("payload")?.contains("\"outcome\":\"converted\"") == true)
        // A lead imported as converted is not screened again, though it has no deal.
        #expect(shell.failure(of: "lead screen L-1")?.description.contains("L-1 is converted: a converted lead is not screened again") == true)
    }

    @Test func importedHistoryCountsInTheFunnelAndTheCohorts() throws {
        let shell = try TestShell(now: "2026-03-31")
        _ = try shell.run("lead import \(try file(Self.history)) --yes")
        let funnel = try shell.rows("report funnel")
        // Leads: 4 captured; 2 converted (qualified), 1 disqualified; both qualified ones converted.
        #expect(column(funnel, "stage").prefix(2) == ["capture", "screen"])
        #expect(column(funnel, "count").prefix(2) == ["4", "2"])
        #expect(column(funnel, "lost here")[1] == "1")
        #expect(column(funnel, "conversion")[1] == "100")
        let cohorts = try shell.rows("report cohorts")
        #expect(column(cohorts, "month") == ["2026-01", "2026-02"])
        #expect(column(cohorts, "leads") == ["2", "2"])
        #expect(column(cohorts, "qualified") == ["1", "1"])
        #expect(column(cohorts, "converted") == ["1", "1"])
        #expect(column(cohorts, "lead to conversion") == ["50", "50"])
        #expect(column(cohorts, "deals") == ["0", "0"])
        #expect(shell.output.notes.last == "2 leads imported as converted without a deal count in converted, not in deals or won")
    }

    @Test func badOutcomesAndDaysAreRejectedWithTheirLine() throws {
        let shell = try TestShell(now: "2026-03-31")
        let path = try file("""
        name,created,outcome,decided
        A,2026-01-05,maybe,
        B,2026-01-10,,2026-01-12
        C,2026-02-03,yes,2026-02-01
        D,2026-02-03,yes,2026-02-31

        """)
        let failure = try #require(shell.failure(of: "lead import \(path)"))
        #expect(failure.description.contains("nothing imported: 4 of 4 rows rejected"))
        #expect(shell.printed == """
        rejected line 2, column "outcome": "maybe" is not an outcome: yes or no (also 1 or 0, converted or lost)
        rejected line 3, column "decided": a decision day needs an outcome (converted or not) in the same row
        rejected line 4, column "decided": decided on 2026-02-01, before the lead was created on 2026-02-03
        rejected line 5, column "decided": "2026-02-31" is not a date (expected YYYY-MM-DD, M/D/YYYY, YYYY/M/D, D.M.YYYY, YYYY年M月D日 or an ISO timestamp)

        """)
        #expect(try shell.query("SELECT count(*) AS n FROM leads").first?.integer("n") == 0)
    }

    /// 233 leads of the public online-education lead-scoring data set (Fixtures/leads-sample.csv,
    /// its first rows, Prospect ID left out), imported with its columns mapped onto lead fields.
    static let sampleImport = "lead import \(fixtures)/leads-sample.csv --null Select --yes --map "
        + "'Lead Number=name,Lead Origin=campaign,Specialization=industry,Last Activity=owner,Total Time Spent on Website=timeline'"

    @Test func theModelLearnsFromTheFieldsNamedAndBeatsTheDefaultFields() throws {
        let shell = try TestShell()
        #expect(try shell.run(Self.sampleImport) == "imported 233 leads · 0 rejected\n")
        try shell.run("stage use screen predictive")
        // Today's fields (source, industry, region, budget, need, timeline, ...): 35 of 46 held out.
        let plain = try #require(try shell.rows("screen train").first)
        #expect(plain["examples"] == .int(233))
        #expect(plain["converted"] == .int(85))
        #expect(plain["held out"] == .int(46))
        #expect(plain["baseline %"]?.plainText == "63.5")  // 148 of 233 did not convert
        let plainAccuracy = try #require(Double(plain["accuracy %"]?.plainText ?? ""))
        #expect(plainAccuracy < 80)
        // With the lead's campaign (Lead Origin), tags, owner (Last Activity) too: at least 85%.
        let rich = try #require(try shell.rows("screen train --fields source,campaign,tags,industry,owner,region,timeline").first)
        #expect(rich["fields"]?.plainText == "source,campaign,tags,industry,owner,region,timeline")
        let richAccuracy = try #require(Double(rich["accuracy %"]?.plainText ?? ""))
        #expect(richAccuracy >= 85)
        #expect(Double(rich["precision %"]?.plainText ?? "") ?? 0 >= 80)
        #expect(Double(rich["recall %"]?.plainText ?? "") ?? 0 >= 80)
        // The same history gives the same model: no randomness.
        let again = try #require(try shell.rows("screen train --fields source,campaign,tags,industry,owner,region,timeline").first)
        #expect(again["accuracy %"] == rich["accuracy %"])
        let models = try shell.query("SELECT model FROM screen_models ORDER BY id DESC LIMIT 2").map { $0.text("model") }
        #expect(models[0] == models[1])
        // A new lead is scored and explained by its strongest inputs.
        try shell.run("lead add Keen --tags 'will revert after reading the email' --campaign 'Lead Add Form' --source Reference --timeline 1200")
        try shell.run("lead add Cold --tags ringing --campaign API --source 'Olark Chat' --timeline 0")
        let scored = try shell.rows("lead list | where name == Keen or name == Cold | lead screen")
        #expect(column(scored, "verdict") == ["qualified", "disqualified"])
        let why = column(scored, "why")
        #expect(why[0].contains("tags will revert after reading the email ×"))
        #expect(why[1].contains("tags ringing divides the odds by"))
    }

    /// 1,225 leads of the same data set read from twenty places spread evenly over the whole file
    /// (Fixtures/leads-spread.csv: aqibjallal/Lead_Scoring's Leads.csv, 9,240 leads, pages at k/20 of
    /// its length, complete rows only, Prospect ID left out; 474 converted). The issue's aim, at least
    /// 80% held out, is met without `tags`: that column holds the sales team's notes written after the
    /// outcome ("Closed by Horizzon", "Lost to EINS"), so the figure with it (above 90%) flatters.
    @Test func onLeadsFromAcrossTheWholeDataSetTheModelReachesEightyPercentWithoutTheOutcomeNotes() throws {
        let shell = try TestShell()
        let spread = Self.sampleImport.replacing("leads-sample.csv", with: "leads-spread.csv")
        #expect(try shell.run(spread) == "imported 1225 leads · 0 rejected\n")
        try shell.run("stage use screen predictive")
        let plain = try #require(try shell.rows("screen train").first)
        #expect(plain["examples"] == .int(1225))
        #expect(plain["converted"] == .int(474))
        #expect(plain["baseline %"]?.plainText == "61.3")  // 751 of 1,225 did not convert
        #expect(Double(plain["accuracy %"]?.plainText ?? "") ?? 100 < 80)
        let honest = try #require(try shell.rows("screen train --fields source,campaign,industry,owner,region,timeline").first)
        #expect(Double(honest["accuracy %"]?.plainText ?? "") ?? 0 >= 80, "\(honest)")
        let withNotes = try #require(try shell.rows("screen train --fields source,campaign,tags,industry,owner,region,timeline").first)
        #expect(Double(withNotes["accuracy %"]?.plainText ?? "") ?? 0 >= 90, "\(withNotes)")
    }

    @Test func unknownFieldsAreRefused() throws {
        let shell = try TestShell()
        try shell.run(ScreenTrainCommand.exampleHistory)
        let failure = try #require(shell.failure(of: "screen train --fields source,colour"))
        #expect(failure.description.contains("colour is not a field the model can learn from (built-in: source, campaign, tags"))
        #expect(try shell.query("SELECT count(*) AS n FROM screen_models").first?.integer("n") == 0)
    }
}
