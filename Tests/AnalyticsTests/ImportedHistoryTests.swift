import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// History brought from another CRM, stage dates included, measured like Funnel's own.
@Suite struct ImportedHistoryTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("deals-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func stageDatesFromTheOtherCRMGiveTimeInStageAndPaths() throws {
        let shell = try TestShell(now: "2026-06-30")
        let path = try file("""
            Account Name,Owner,Stage,Status,Created Date,Entered Recommend,Entered Negotiate,Close Date,Amount,Lost Reason
            Acme,alice,negotiate,won,2026-01-01,2026-01-11,2026-01-31,2026-02-10,"12,000.00",
            Beta,bob,recommend,lost,2026-02-01,2026-02-05,,2026-02-20,3000,Price: too high
            Gamma,bob,discover,open,2026-03-01,,,,,

            """)
        #expect(try shell.run("deal import \(path)") == "imported 3 deals · 3 new customers\n")
        let stages = try shell.rows("report stages")
        #expect(stages.map { $0["stage"]?.plainText ?? "" } == ["discover", "recommend", "negotiate"])
        // discover: Acme 10 days, Beta 4; recommend: Acme 20, Beta 15 until lost; negotiate: Acme 10 until won.
        #expect(stages.map { $0["median days"]?.plainText ?? "" } == ["7", "17.5", "10"])
        #expect(stages.map { $0["lost here"]?.plainText ?? "" } == ["0", "1", "0"])
        let paths = try shell.rows("report paths")
        #expect(paths.map { $0["path"]?.plainText ?? "" } == [
            "discover → recommend → lost", "discover → recommend → negotiate → won", "imported at discover → open",
        ])
        #expect(try shell.rows("report winloss").first?["win rate"]?.plainText == "50")
        #expect(try shell.rows("report lost").first?["reason"]?.plainText == "price")
    }

    @Test func stageDatesOutOfOrderAreRejectedWithTheLine() throws {
        let shell = try TestShell(now: "2026-06-30")
        let path = try file("""
            customer,stage,status,created,entered recommend,entered negotiate,closed
            Acme,negotiate,won,2026-01-01,2026-01-20,2026-01-10,2026-02-01
            Beta,recommend,lost,2026-02-01,2026-01-15,,2026-03-01
            Gamma,discover,open,2026-02-01,2026-02-15,,

            """)
        let failure = try #require(shell.failure(of: "deal import \(path)"))
        #expect(failure.description.contains("nothing imported: 3 of 3 rows rejected"))
        #expect(shell.printed.contains("rejected line 2: entered negotiate 2026-01-10 before recommend 2026-01-20"))
        #expect(shell.printed.contains("rejected line 3: entered recommend 2026-01-15 before the deal was created 2026-02-01"))
        #expect(shell.printed.contains("rejected line 4: entered recommend, past the stage it reached (discover)"))
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 0)
    }
    /// Won deals imported at an earlier stage (or none) counted as reaching won but not the stages
    /// before it, so the funnel grew from sign to won and the review said "0% of the deals that reached
    /// negotiate went on".
    @Test func anImportedFunnelNeverGrowsFromOneStageToTheNext() throws {
        let shell = try TestShell(now: "2026-06-30")
        let path = try file("""
            customer,stage,status,created,closed,value
            A,,won,2026-01-01,2026-01-31,100
            B,discover,won,2026-01-01,2026-02-10,100
            C,negotiate,won,2026-01-01,2026-03-02,100
            D,recommend,lost,2026-01-01,2026-02-01,50
            E,,lost,2026-01-01,2026-02-01,50
            F,discover,open,2026-01-01,,10

            """)
        try shell.run("deal import \(path)")
        let funnel = try shell.rows("report funnel --period 2026-Q1")
        let deals = funnel.dropFirst(2)
        // Won A, B, C went through sign; D reached recommend; F is open in discover; E (lost, stage
        // unknown) is counted apart. Reached: discover 5, recommend 4, negotiate 3, sign 3, won 3.
        #expect(deals.map { "\($0["stage"]?.plainText ?? "") \($0["count"]?.plainText ?? "")" }
            == ["discover 5", "recommend 4", "negotiate 3", "sign 3", "won 3"])
        // 4/5 = 80%, 3/4 = 75%, 3/3, 3/3.
        #expect(deals.map { $0["conversion"]?.plainText ?? "" } == ["80", "75", "100", "100", ""])
        #expect(deals.map { $0["lost here"]?.plainText ?? "" } == ["0", "1", "0", "0", ""])
        let counts = deals.compactMap { row -> Int64? in if case .int(let n)? = row["count"] { return n } else { return nil } }
        #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(shell.output.notes.contains("1 deal imported without the stage reached is counted apart, in no stage"))
        // The learned chance of winning from each stage counts the won deals as having reached them all.
        let chances = try shell.rows("report forecast --probabilities")
        #expect(chances.map { $0["chance"]?.plainText ?? "" } == ["75", "75", "100", "100"])
        try shell.run("review run --period 2026-Q1")
        #expect(shell.printed.contains("The weakest step of the funnel is leaving recommend: 75% of the 4 deals that reached it went on."))
        #expect(!shell.printed.contains("0% of the"))
        #expect(shell.printed.contains("1 lost deal imported without the stage reached is in no stage of the funnel."))
    }
}
