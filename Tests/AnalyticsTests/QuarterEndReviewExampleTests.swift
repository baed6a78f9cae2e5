import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// examples/quarter-end-review.funnel run at the end of one quarter, which records actions, and at the
/// end of the next, whose review checks them.
@Suite struct QuarterEndReviewExampleTests {
    /// Q1: dan closes four deals and wins one, erin wins three of four (the team 50%); every deal waits
    /// in discover (dan's 20 days, erin's 5) then in recommend until it closes in March. Q2: dan wins
    /// three of four, erin two of four.
    static let history: String = {
        var deals: [String] = [], events: [String] = []
        var id = 0
        for (owner, opened, advance, closed, won) in [("dan", "2026-01-05", 20, "2026-03-15", 1), ("erin", "2026-01-05", 5, "2026-03-15", 3),
                                                      ("dan", "2026-04-05", 0, "2026-06-15", 3), ("erin", "2026-04-05", 0, "2026-06-15", 2)] {
            for index in 0..<4 {
                id += 1
                deals.append("(\(id), 1, 'D\(id)', 'recommend', '\(index < won ? "won" : "lost")', '\(owner)', '\(opened)T00:00:00Z', '\(closed)T00:00:00Z', 100000, 'CNY')")
                if advance > 0 {
                    events.append("('\(opened)T00:00:00Z', 't', 'D-\(id)', 'screen', 'bant', 'deal.created', '{\"stage\":\"discover\"}')")
                    events.append("('2026-01-\(5 + advance < 10 ? "0" : "")\(5 + advance)T00:00:00Z', 't', 'D-\(id)', 'discover', 'needs', 'deal.advanced', '{\"from\":\"discover\",\"to\":\"recommend\"}')")
                }
            }
        }
        return "INSERT INTO customers (id, name, created_at) VALUES (1, 'Acme', '2026-01-01T00:00:00Z');\n"
            + "INSERT INTO deals (id, customer_id, title, stage, status, owner, created_at, closed_at, value_minor, value_currency) VALUES "
            + deals.joined(separator: ", ") + ";\n"
            + "INSERT INTO events (at, actor, subject, slot, implementation, type, payload) VALUES " + events.joined(separator: ", ")
    }()

    @Test func actionsRecordedAtOneQuarterEndAreCheckedAtTheNext() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-quarter-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let example = ExportsWalkthroughTests.root.appendingPathComponent("examples/quarter-end-review.funnel").path

        let april = try TestShell(path: folder + "/sales.db", now: "2026-04-02")
        try april.execute(Self.history)
        try april.execute(DealStageProjection.rebuild(for: april.dialect).joined(separator: ";\n"))
        let first = try april.run("source \(example)\nmain 2026-Q1 --due 2026-06-30 --out \(folder)")
        // Stays entered in Q1: discover 20 days (dan's four) and 5 (erin's four), median 12.5;
        // recommend from 01-25 (49 days) or 01-10 (64 days) to 03-15, median 56.5: the slowest stage.
        #expect(april.printed.contains("RA-1 added: coach dan on closing · win rate for owner dan 25 in 2026-Q1, target 50 · due 2026-06-30"), "\(april.printed)\(first)")
        #expect(april.printed.contains("RA-2 added: shorten recommend · median days in recommend 56.5 in 2026-Q1, target 28.25 · due 2026-06-30"), "\(april.printed)")
        let recorded = try april.rows("action list | select id action metric target")
        #expect(recorded.map { $0["action"]?.plainText } == ["coach dan on closing", "shorten recommend"])
        #expect(recorded.last?["metric"] == .string("median days in recommend") && recorded.last?["target"] == .string("28.25"))
        #expect(FileManager.default.fileExists(atPath: folder + "/review-2026-Q1.html"))

        let july = try TestShell(path: folder + "/sales.db", now: "2026-07-02")
        _ = try july.run("source \(example)\nmain 2026-Q2 --due 2026-09-30 --out \(folder)")
        let review = july.printed
        #expect(review.contains("RA-1 (coach dan on closing): win rate for owner dan was 25 in 2026-Q1 and is 75 in 2026-Q2, target 50: met."), "\(review)")
        #expect(review.contains("RA-1 is overdue: due 2026-06-30, owned by manager, still open."), "\(review)")
        #expect(review.contains("RA-2 (shorten recommend): median days in recommend was 56.5 in 2026-Q1 and is – in 2026-Q2, target 28.25: no figure yet."), "\(review)")
        // Q2's own weak rep gets an action of its own, due at the end of Q3.
        #expect(review.contains("RA-3 added: coach erin on closing · win rate for owner erin 50 in 2026-Q2, target 62.5 · due 2026-09-30"), "\(review)")
        let markdown = try String(contentsOfFile: folder + "/review-2026-Q2.md", encoding: .utf8)
        #expect(markdown.contains("## Improvement actions") && markdown.contains("| RA-1 | coach dan on closing |"))
    }
}
