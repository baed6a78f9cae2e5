import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// Every report against figures worked out by hand from `History` (see its comment).
@Suite struct ReportTests {
    func column(_ rows: [Record], _ name: String) -> [String] {
        rows.map { row in row[name].map { $0 == .null ? "" : $0.plainText } ?? "" }
    }

    @Test func funnelCountsEachStageAndConvertsToTheNext() throws {
        let rows = try History.shell().rows("report funnel")
        #expect(column(rows, "stage") == ["capture", "screen", "discover", "recommend", "negotiate", "sign", "won"])
        #expect(column(rows, "count") == ["4", "2", "6", "5", "4", "2", "2"])
        // 2/4 captured qualified; both became deals; then 5/6, 4/5, 2/4, 2/2.
        #expect(column(rows, "conversion") == ["50", "100", "83.3", "80", "50", "100", ""])
        #expect(column(rows, "lost here") == ["", "1", "0", "1", "1", "0", ""])
        #expect(column(rows, "of first") == ["100", "50", "100", "83.3", "66.7", "33.3", "33.3"])
    }

    @Test func funnelByOwnerAndForAPeriod() throws {
        let shell = try History.shell()
        let rows = try shell.rows("report funnel --by owner | where stage == won")
        // Leads have no owner here: their rows fall under "(none)".
        #expect(column(rows, "owner") == ["(none)", "alice", "bob", "carol"])
        #expect(column(rows, "count") == ["0", "1", "0", "1"])
        // February: one lead captured (L-4), no deal opened.
        let february = try shell.rows("report funnel --period 2026-02")
        #expect(column(february, "count") == ["1", "0", "0", "0", "0", "0", "0"])
        #expect(shell.failure(of: "report funnel --period 2026-13")?.description.contains("\"2026-13\" is not a period") == true)
    }

    @Test func winRateIsWonOverWonAndLost() throws {
        let shell = try History.shell()
        let all = try shell.rows("report winloss")
        #expect(column(all, "won") == ["2"])
        #expect(column(all, "lost") == ["2"])
        #expect(column(all, "open") == ["2"])
        #expect(column(all, "win rate") == ["50"])
        #expect(column(all, "won value") == ["13,000.00 CNY"])
        // D-1: captured 01-05, won 02-05; D-5 has no close date and no cycle.
        #expect(column(all, "cycle days") == ["31"])
        #expect(shell.output.notes.contains("win rate = won / (won + lost); open deals are not counted"))
        let owners = try shell.rows("report winloss --by owner")
        #expect(column(owners, "owner") == ["alice", "bob", "carol"])
        #expect(column(owners, "win rate") == ["50", "0", "100"])
        #expect(column(owners, "won value") == ["10,000.00 CNY", "0.00 CNY", "3,000.00 CNY"])
    }

    @Test func lostReasonsGroupByTheTextBeforeAColon() throws {
        let rows = try History.shell().rows("report lost")
        #expect(column(rows, "reason") == ["competitor", "price"])
        #expect(column(rows, "share") == ["50", "50"])
        #expect(column(rows, "stages") == ["negotiate 1", "recommend 1"])
        #expect(column(rows, "value lost") == ["0.00 CNY", "5,000.00 CNY"])
    }

    @Test func timeInStageFromTheJournalWithBottlenecks() throws {
        let rows = try History.shell().rows("report stages")
        #expect(column(rows, "stage") == ["discover", "recommend", "negotiate", "sign"])
        // discover: D-1 4 days, D-2 10, D-6 4, D-4 still there.
        #expect(column(rows, "entered") == ["4", "3", "2", "1"])
        #expect(column(rows, "waiting now") == ["1", "0", "1", "0"])
        #expect(column(rows, "mean days") == ["6", "8.3", "12", "4"])
        #expect(column(rows, "median days") == ["4", "10", "12", "4"])
        #expect(column(rows, "p90 days") == ["10", "11", "12", "4"])
        #expect(column(rows, "loss rate") == ["0", "33.3", "0", "0"])
        #expect(column(rows, "flag") == ["", "most lost", "slowest", ""])
        // Over all history the norm is the team's own history: the same medians.
        #expect(column(rows, "norm median") == column(rows, "median days"))
    }

    @Test func stagesEnteredThroughTheShellAreMeasured() throws {
        let shell = try TestShell(now: "2026-02-20")
        _ = try shell.run("lead add Acme; lead qualify L-1 --force; need add D-1 reporting; deal edit D-1 --budget-confirmed yes; deal advance D-1")
        let rows = try shell.rows("report stages")
        #expect(rows.map { $0["stage"]?.plainText ?? "" } == ["discover", "recommend"])
        #expect(rows.map { $0["waiting now"]?.plainText ?? "" } == ["0", "1"])
        #expect(rows.first?["median days"]?.plainText == "0")
        #expect(try shell.rows("report paths").first?["path"]?.plainText == "discover → recommend → open")
    }

    @Test func forecastWeighsOpenDealsByTheirStagesChance() throws {
        let shell = try History.shell()
        let rows = try shell.rows("report forecast")
        // D-6 in negotiate: of closed deals reaching negotiate, 2 won (D-1, D-5) and 1 lost (D-3).
        #expect(column(rows, "month") == ["2026-03"])
        #expect(column(rows, "pipeline") == ["8,000.00 CNY"])
        #expect(column(rows, "weighted") == ["5,333.33 CNY"])
        #expect(shell.output.notes.contains("1 open deals have no value and are not in the forecast"))
        let chances = try shell.rows("report forecast --probabilities")
        #expect(column(chances, "chance") == ["50", "50", "66.7", "100"])
        _ = try shell.run("config set forecast.probability.negotiate 60")
        #expect(column(try shell.rows("report forecast"), "weighted") == ["4,800.00 CNY"])
        #expect(shell.failure(of: "config set forecast.probability.negotiate lots")?.description.contains("not a percentage from 0 to 100") == true)
        // A bad value stored by other means is still refused when the forecast reads it.
        try shell.execute("UPDATE settings SET value = 'lots' WHERE key = 'forecast.probability.negotiate'")
        #expect(shell.failure(of: "report forecast")?.description.contains("not a percentage from 0 to 100") == true)
    }

    @Test func cohortsPathsAndReceivables() throws {
        let shell = try History.shell()
        let cohorts = try shell.rows("report cohorts")
        #expect(column(cohorts, "month") == ["2026-01", "2026-02"])
        #expect(column(cohorts, "leads") == ["3", "1"])
        #expect(column(cohorts, "won") == ["1", "0"])
        #expect(column(cohorts, "lead to win") == ["33.3", "0"])
        let paths = try shell.rows("report paths")
        #expect(column(paths, "path") == [
            "discover → open", "discover → recommend → lost", "discover → recommend → negotiate → open",
            "discover → recommend → negotiate → sign → won", "imported at negotiate → lost",
        ])
        #expect(column(paths, "share") == ["20", "20", "20", "20", "20"])
        let money = try shell.rows("report receivables")
        #expect(column(money, "invoiced") == ["13,000.00 CNY"])
        #expect(column(money, "collected") == ["8,500.00 CNY"])
        #expect(column(money, "paid late") == ["50"])
        #expect(column(money, "mean days late") == ["4"])
        #expect(column(money, "overdue") == ["1"])
        #expect(column(money, "overdue balance") == ["500.00 CNY"])
        // Open balance 4,500 over 13,000 invoiced, times the 41 days from the first invoice to now.
        #expect(column(money, "dso days") == ["14.2"])
    }

    @Test func chartsAreDrawnWithBlocksToTheWidth() throws {
        let shell = try History.shell()
        let chart = try shell.run("report funnel --chart")
        let lines = chart.split(separator: "\n")
        #expect(lines.first == "Funnel, all time")
        #expect(lines.count == 8)
        #expect(lines[3].contains("█"))
        #expect(lines.allSatisfy { $0.count <= 80 })
    }
}
