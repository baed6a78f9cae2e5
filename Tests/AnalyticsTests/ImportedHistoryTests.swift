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
}
