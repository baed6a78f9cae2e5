import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// An invoice and payment export from another tool (Fixtures/ar-*.csv, worked out by hand in
/// Fixtures/README.md), imported as a user would, then measured: receivables per period, days late at
/// settlement for paid invoices, and the review showing the period's receivables, not all history.
@Suite struct ReceivablesHistoryTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func shell() throws -> TestShell {
        let shell = try TestShell(now: "2025-06-30")
        #expect(try shell.run("invoice import \(fixtures)/ar-invoices.csv --yes") == "imported 9 invoices\n")
        #expect(shell.output.notes.last == "ignored columns: Notes (map them with --map 'Column=field', or keep them with --keep-extra)")
        #expect(try shell.run("payment import \(fixtures)/ar-payments.csv --yes") == "imported 9 payments\n")
        return shell
    }

    func column(_ rows: [Record], _ name: String) -> [String] {
        rows.map { row in row[name].map { $0 == .null ? "" : $0.plainText } ?? "" }
    }

    @Test func paidInvoicesByDaysLateAtSettlement() throws {
        let shell = try Self.shell()
        // The issue dates come from "Invoice Date", not the due dates.
        #expect(try shell.query("SELECT substr(issued_on, 1, 10) AS d FROM invoices WHERE number = 'A2'").first?.text("d") == "2025-01-10")
        let paid = try shell.rows("report receivables --paid")
        #expect(paid.count == 1)
        let row = try #require(paid.first)
        #expect(row.fields.map(\.name) == ["currency", "settled", "on time", "1-15", "16-30", "31-45", "46+",
                                            "paid late", "mean days late", "mean days late (all settled)"])
        #expect(column(paid, "settled") == ["7"])
        // A1 and A7 on time; A2 (10) and A3 (15); A4 (16); A5 (45); A6 (46).
        #expect(["on time", "1-15", "16-30", "31-45", "46+"].map { column(paid, $0)[0] } == ["2", "2", "1", "1", "1"])
        #expect(column(paid, "paid late") == ["71.4"])                     // 5 / 7
        #expect(column(paid, "mean days late") == ["26.4"])                // 132 / 5
        #expect(column(paid, "mean days late (all settled)") == ["18.9"])  // 132 / 7
        // The main view agrees on the share and the mean over late invoices.
        let all = try shell.rows("report receivables")
        #expect(column(all, "paid late") == ["71.4"])
        #expect(column(all, "mean days late") == ["26.4"])
        // Q2's invoices are not settled yet.
        #expect(try shell.rows("report receivables --paid --period 2025-Q2").isEmpty)
    }

    @Test func receivablesPerPeriod() throws {
        let shell = try Self.shell()
        let all = try shell.rows("report receivables")
        #expect(column(all, "invoices") == ["9"])
        #expect(column(all, "invoiced") == ["15,800.00 CNY"])
        #expect(column(all, "collected") == ["14,000.00 CNY"])
        #expect(column(all, "overdue") == ["1"])
        #expect(column(all, "overdue balance") == ["1,000.00 CNY"])
        // Open 1,800 (A8's 1,000 and A9's 800) / 15,800 invoiced × 176 days since 2025-01-05.
        #expect(column(all, "dso days") == ["20.1"])
        let second = try shell.rows("report receivables --period 2025-Q2")
        #expect(column(second, "invoices") == ["2"])
        #expect(column(second, "invoiced") == ["2,300.00 CNY"])
        #expect(column(second, "collected") == ["500.00 CNY"])
        #expect(column(second, "paid late") == [""])
        // 1,800 / 2,300 × the 90 days from 04-01 to now.
        #expect(column(second, "dso days") == ["70.4"])
        let first = try shell.rows("report receivables --period 2025-Q1")
        #expect(column(first, "invoices") == ["7"])
        #expect(column(first, "overdue") == ["0"])
    }

    /// `review run --period P` shows P's receivables, as `report receivables --period P` does, not
    /// all history's.
    @Test func theReviewShowsThePeriodsReceivables() throws {
        let shell = try Self.shell()
        func receivables(_ period: String) throws -> [String] {
            try shell.rows("review run --period \(period)").filter { $0["section"] == .string("receivables") }.map { $0["finding"]?.plainText ?? "" }
        }
        #expect(try receivables("2025-Q2") == ["1 invoice is overdue, 1,000.00 CNY in all (CNY)."])
        #expect(try receivables("2025-Q1") == [
            "No invoice is overdue; 71.4% of settled invoices were paid late, 26.4 days late on average, 18.9 over all settled invoices (CNY).",
        ])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-ar-review-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try shell.run("review run --period 2025-Q2 --markdown \(folder)/q2.md --html \(folder)/q2.html")
        let markdown = try String(contentsOfFile: folder + "/q2.md", encoding: .utf8)
        #expect(markdown.contains("| CNY | 2 | 2,300.00 CNY | 500.00 CNY | – | – | 1 | 1,000.00 CNY | 70.4 |"))
        _ = try shell.run("review run --period 2025-Q1 --markdown \(folder)/q1.md")
        let first = try String(contentsOfFile: folder + "/q1.md", encoding: .utf8)
        #expect(first.contains("| CNY | 7 | 13,500.00 CNY | 13,500.00 CNY | 71.4 | 26.4 | 0 | 0.00 CNY | 0 |"))
        #expect(first.contains("| CNY | 7 | 2 | 2 | 1 | 1 | 1 | 71.4 | 26.4 | 18.9 |"))
        let html = try String(contentsOfFile: folder + "/q2.html", encoding: .utf8)
        #expect(html.contains("id=\"paid-history\""))
    }
}
