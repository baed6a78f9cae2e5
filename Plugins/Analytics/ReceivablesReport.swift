import Foundation
import FunnelModel
import StageKit

/// `report receivables`: for invoices issued in the period, per currency: invoiced, collected, the
/// share of settled invoices paid after their due date and the mean days late, what is overdue now,
/// and days sales outstanding (open balance / invoiced × days in the period).
enum ReceivablesReport {
    static let command = Command(CommandSignature(
        "report receivables",
        summary: "Invoiced and collected, share paid late and mean days late, overdue now and DSO, per currency.",
        flags: ReportPeriod.flags,
        output: .table,
        examples: [Example("report receivables --period 2026-Q1", "How the quarter's invoices were paid.")])) { invocation, context in
        .table(try table(context, period: try ReportPeriod.from(invocation)))
    }

    static func table(_ context: StageContext, period: ReportPeriod) throws -> Table {
        let window = period.condition("i.issued_on")
        let now = Day.formatTimestamp(context.clock.now)
        let rows = try context.database.query("""
            SELECT i.currency AS currency, count(*) AS invoices, sum(i.amount_minor) AS invoiced, coalesce(sum(p.paid), 0) AS collected,
                   sum(coalesce(p.paid, 0) >= i.amount_minor) AS settled,
                   sum(coalesce(p.paid, 0) >= i.amount_minor AND p.last_paid > i.due_on) AS late,
                   coalesce(sum(CASE WHEN coalesce(p.paid, 0) >= i.amount_minor AND p.last_paid > i.due_on
                       THEN unixepoch(p.last_paid) - unixepoch(i.due_on) END), 0) AS late_seconds,
                   sum(coalesce(p.paid, 0) < i.amount_minor AND i.status = 'open' AND i.due_on < ?) AS overdue,
                   coalesce(sum(CASE WHEN coalesce(p.paid, 0) < i.amount_minor AND i.status = 'open' AND i.due_on < ?
                       THEN i.amount_minor - coalesce(p.paid, 0) END), 0) AS overdue_balance,
                   coalesce(sum(CASE WHEN i.status = 'open' THEN max(0, i.amount_minor - coalesce(p.paid, 0)) END), 0) AS open_balance,
                   min(i.issued_on) AS first_issued
            FROM invoices i
            LEFT JOIN (SELECT invoice_id, sum(amount_minor) AS paid, max(paid_on) AS last_paid FROM payments GROUP BY invoice_id) p ON p.invoice_id = i.id
            WHERE \(window.sql) GROUP BY i.currency ORDER BY i.currency
            """, [.text(now), .text(now)] + window.arguments)
        // DSO over the period's days (up to now), or since the first invoice for all time.
        let start = period.start ?? rows.compactMap { $0.text("first_issued").flatMap { try? Day.parse($0) } }.min() ?? context.clock.now
        let end = min(period.end ?? context.clock.now, context.clock.now)
        let days = max(1, Int64(end.timeIntervalSince(start) / 86_400))
        return Table(columns: ["currency", "invoices", "invoiced", "collected", "paid late", "mean days late", "overdue", "overdue balance", "dso days"],
                     rows: rows.map { row in
            let currency = Currency(code: row.text("currency") ?? "") ?? .cny
            func money(_ name: String) -> Value { .money(Money(minorUnits: row.integer(name) ?? 0, currency: currency)) }
            let late = row.integer("late") ?? 0, invoiced = row.integer("invoiced") ?? 0
            return Record([
                ("currency", .string(currency.code)), ("invoices", .int(row.integer("invoices") ?? 0)),
                ("invoiced", money("invoiced")), ("collected", money("collected")),
                ("paid late", Figures.percent(late, of: row.integer("settled") ?? 0)),
                ("mean days late", late == 0 ? .null : Figures.decimal(tenths: Figures.tenths(Int128(row.integer("late_seconds") ?? 0), Int128(late) * 86_400))),
                ("overdue", .int(row.integer("overdue") ?? 0)), ("overdue balance", money("overdue_balance")),
                ("dso days", invoiced <= 0 ? .null : Figures.decimal(tenths: Figures.tenths(Int128(row.integer("open_balance") ?? 0) * Int128(days), Int128(invoiced)))),
            ])
        })
    }
}
