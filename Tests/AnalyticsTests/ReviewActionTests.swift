import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// Improvement actions: recorded with the figure that should move, listed, closed, and checked by the
/// next review against that figure, on the hand-made history ("now" 2026-02-20).
@Suite struct ReviewActionTests {
    @Test func anActionIsCheckedByTheNextReviewAgainstItsMetric() throws {
        let shell = try History.shell()
        // January: alice's only closed deal (D-3) was lost; February: she won D-1.
        let added = try shell.run("action add \"coach alice on negotiation\" --owner li --due 2026-02-10 --metric 'win rate by owner' --by owner=alice --target 50 --period 2026-01")
        #expect(added == "RA-1 added: coach alice on negotiation · win rate for owner alice 0 in 2026-01, target 50 · due 2026-02-10\n")
        _ = try shell.run("action add \"shorten negotiation\" --metric 'median days in negotiate' --target 5 --period 2026-01")
        let listed = try shell.rows("action list")
        #expect(listed.map { $0["id"]?.plainText } == ["RA-1", "RA-2"])
        #expect(listed.first?["segment"] == .string("owner=alice"))
        #expect(try shell.rows("action list --overdue").map { $0["id"]?.plainText } == ["RA-1"])

        let findings = try shell.rows("review run --period 2026-02 | where section == actions").map { $0["finding"]?.plainText ?? "" }
        #expect(findings == [
            "RA-1 (coach alice on negotiation): win rate for owner alice was 0 in 2026-01 and is 100 in 2026-02, target 50: met.",
            "RA-1 is overdue: due 2026-02-10, owned by li, still open.",
            // D-1's stay in negotiate began 01-20 (12 days); no stay began in February.
            "RA-2 (shorten negotiation): median days in negotiate was 12 in 2026-01 and is – in 2026-02, target 5: no figure yet.",
        ])

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-actions-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try shell.run("review run --period 2026-02 --markdown \(folder)/r.md --html \(folder)/r.html")
        let markdown = try String(contentsOfFile: folder + "/r.md", encoding: .utf8)
        #expect(markdown.contains("## Improvement actions"))
        #expect(markdown.contains("| RA-1 | coach alice on negotiation | li | 2026-02-10 | win rate for owner alice | 0 | 2026-01 | 100 | 50 | yes | overdue |"))
        let html = try String(contentsOfFile: folder + "/r.html", encoding: .utf8)
        #expect(html.contains("<table id=\"actions\">") && html.contains("<td>shorten negotiation</td>"))

        // An amount: alice won nothing in January and 10,000.00 CNY (D-1) in February.
        _ = try shell.run("action add \"grow alice's sales\" --metric 'won value' --by owner=alice --target 5000 --period 2026-01")
        let money = try shell.rows("review run --period 2026-02 | where section == actions").map { $0["finding"]?.plainText ?? "" }.last
        #expect(money == "RA-3 (grow alice's sales): won value for owner alice was 0.00 CNY in 2026-01 and is 10,000.00 CNY in 2026-02, target 5000: met.")

        #expect(try shell.run("action done RA-1 --note \"two sessions held\"") == "RA-1 done\n")
        #expect(try shell.rows("action list --open").map { $0["id"]?.plainText } == ["RA-2", "RA-3"])
        #expect(try shell.rows("action list --overdue").isEmpty)
        let after = try shell.rows("review run --period 2026-02 | where section == actions").map { $0["finding"]?.plainText ?? "" }
        #expect(after.first?.hasSuffix("target 50: met (done).") == true)
        #expect(!after.contains { $0.contains("overdue") })
        let journal = try shell.rows("journal list RA-1").map { $0["type"]?.plainText }
        #expect(journal == ["review.action.added", "review.action.done"])
    }

    /// docs/analytics.md shows these forms and what they print; the test above runs each as written.
    @Test func theDocumentShowsTheFormsTheTestRuns() {
        let document = AnalyticsDocFormsTests.document
        for form in [
            "action add \"coach alice on negotiation\" --owner li --due 2026-02-10 --metric 'win rate by owner' --by owner=alice --target 50 --period 2026-01",
            "RA-1 added: coach alice on negotiation · win rate for owner alice 0 in 2026-01, target 50 · due 2026-02-10",
            "action add \"shorten negotiation\" --metric 'median days in negotiate' --target 5 --period 2026-01",
            "actions: RA-1 (coach alice on negotiation): win rate for owner alice was 0 in 2026-01 and is 100 in 2026-02, target 50: met.",
            "actions: RA-1 is overdue: due 2026-02-10, owned by li, still open.",
            "actions: RA-2 (shorten negotiation): median days in negotiate was 12 in 2026-01 and is – in 2026-02, target 5: no figure yet.",
            "action done RA-1 --note \"two sessions held\"", "action list --overdue", "review run --period 2026-02",
        ] {
            #expect(document.contains(form), "docs/analytics.md does not show \(form)")
        }
    }

    @Test func badActionsAreRefusedAndChangeNothing() throws {
        let shell = try History.shell()
        #expect(shell.failure(of: "action add \"x\" --metric 'happiness'")?.description.contains("\"happiness\" is not a figure an action can be measured by") == true)
        #expect(shell.failure(of: "action add \"x\" --metric 'win rate by owner'")?.description.contains("name the owner with --by owner=NAME") == true)
        #expect(shell.failure(of: "action add \"x\" --metric 'win rate' --by owner")?.description.contains("--by takes KIND=VALUE") == true)
        #expect(shell.failure(of: "action add \"x\" --metric 'win rate' --by colour=red")?.description.contains("\"colour\" is not a segment") == true)
        #expect(shell.failure(of: "action add \"x\" --metric 'median days in lunch'")?.description.contains("is not a figure") == true)
        #expect(shell.failure(of: "action add \"x\" --metric 'win rate' --target lots")?.description.contains("\"lots\" is not a target") == true)
        #expect(shell.failure(of: "action add \"x\" --metric 'win rate' --period Q1")?.description.contains("\"Q1\" is not a period") == true)
        #expect(shell.failure(of: "action done RA-9")?.description.contains("no action RA-9") == true)
        #expect(try shell.rows("action list").isEmpty)
        _ = try shell.run("action add \"x\" --metric 'win rate' --period 2026-01")
        _ = try shell.run("action done RA-1")
        #expect(shell.failure(of: "action done RA-1")?.description.contains("RA-1 was done on 2026-02-20 already") == true)
    }
}
