#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `report receivables`: for invoices issued in the period, per currency: invoiced, collected, the
/// share of settled invoices paid after their due date and the mean days late, what is overdue now,
/// and days sales outstanding (open balance / invoiced × days in the period). `--paid` shows the
/// settled invoices instead, by days late at settlement. `--by` breaks either down by the customer, its
/// tier, or a custom field of invoices or customers (`ReceivablesSegment`), one row per segment and currency.
enum ReceivablesReport {
    static let command = Command(CommandSignature(
        "report receivables",
        summary: "Invoiced and collected, share paid late and mean days late, overdue now and DSO, per currency; --paid: days late at settlement.",
        flags: ReportPeriod.flags + [
            Flag("paid", .bool, "Settled invoices by days late at settlement (on time, 1-15, 16-30, 31-45, 46+) and the mean days late."),
            ReceivablesSegment.flag,
        ],
        output: .table,
        examples: [Example("report receivables --period 2026-Q1", "How the quarter's invoices were paid."),
                   Example("report receivables --paid", "How late settled invoices were paid, over all history."),
                   Example("report receivables --by region", "The same, one row per value of an invoice's custom field.",
                           setup: "field add invoice region string")])) { invocation, context in
        let period = try ReportPeriod.from(invocation)
        let segment = try ReceivablesSegment.from(invocation, context)
        return .table(invocation.flag("paid") ? try paidTable(context, period: period, by: segment) : try table(context, period: period, by: segment))
    }

    /// Payments per invoice: the sum and the day of the last one (the one that settled it, when it is settled).
    private static let paidPerInvoice = "SELECT invoice_id, sum(amount_minor) AS paid, max(paid_on) AS last_paid FROM payments GROUP BY invoice_id"

    /// Whole days from the due date to the last payment, as `ReceivedPayment` counts a payment's days
    /// late (0 or less: on time). SQLite's integer division truncates, so part of a day is not late.
    private static func daysLate(_ dialect: SQLDialect) -> String {
        "((\(dialect.epochSeconds("p.last_paid")) - \(dialect.epochSeconds("i.due_on"))) / 86400)"
    }

    /// The first columns of a segmented query and table: the segment's, then the currency's.
    private static func leading(_ segment: ReceivablesSegment?, currency: String) -> (select: String, groupBy: String, columns: [String]) {
        guard let segment else { return ("\(currency) AS currency", "currency", ["currency"]) }
        return ("\(segment.expression) AS segment, \(currency) AS currency", "segment, currency", [segment.name, "currency"])
    }

    /// The segment's cell of a row, when there is a segment.
    private static func segmentField(_ segment: ReceivablesSegment?, _ row: SQLRow) -> [(String, Value)] {
        segment.map { [($0.name, .string(row.text("segment") ?? "(none)"))] } ?? []
    }

    static func table(_ context: StageContext, period: ReportPeriod, by segment: ReceivablesSegment? = nil) throws -> Table {
        let window = period.condition("i.issued_on")
        let now = Day.formatTimestamp(context.clock.now)
        let settled = "coalesce(p.paid, 0) >= i.amount_minor"
        let daysLate = Self.daysLate(context.database.dialect)
        let rows = try context.database.query("""
            SELECT \(leading(segment, currency: "i.currency").select), count(*) AS invoices, sum(i.amount_minor) AS invoiced, coalesce(sum(p.paid), 0) AS collected,
                   sum(CASE WHEN \(settled) THEN 1 ELSE 0 END) AS settled,
                   sum(CASE WHEN \(settled) AND \(daysLate) > 0 THEN 1 ELSE 0 END) AS late,
                   coalesce(sum(CASE WHEN \(settled) AND \(daysLate) > 0 THEN \(daysLate) END), 0) AS late_days,
                   sum(CASE WHEN coalesce(p.paid, 0) < i.amount_minor AND i.status = 'open' AND i.due_on < ? THEN 1 ELSE 0 END) AS overdue,
                   coalesce(sum(CASE WHEN coalesce(p.paid, 0) < i.amount_minor AND i.status = 'open' AND i.due_on < ?
                       THEN i.amount_minor - coalesce(p.paid, 0) END), 0) AS overdue_balance,
                   coalesce(sum(CASE WHEN i.status = 'open' THEN CASE WHEN i.amount_minor > coalesce(p.paid, 0) THEN i.amount_minor - coalesce(p.paid, 0) ELSE 0 END END), 0) AS open_balance,
                   min(i.issued_on) AS first_issued
            FROM invoices i
            LEFT JOIN (\(paidPerInvoice)) p ON p.invoice_id = i.id \(segment == nil ? "" : ReceivablesSegment.customerJoin)
            WHERE \(window.sql) GROUP BY \(leading(segment, currency: "i.currency").groupBy) ORDER BY \(leading(segment, currency: "i.currency").groupBy)
            """, [.text(now), .text(now)] + window.arguments)
        // DSO over the period's days (up to now), or since the first invoice for all time.
        let start = period.start ?? rows.compactMap { $0.text("first_issued").flatMap { try? Day.parse($0) } }.min() ?? context.clock.now
        let end = min(period.end ?? context.clock.now, context.clock.now)
        let days = max(1, Int64(end.timeIntervalSince(start) / 86_400))
        return Table(columns: leading(segment, currency: "").columns
                     + ["invoices", "invoiced", "collected", "paid late", "mean days late", "overdue", "overdue balance", "dso days"],
                     rows: rows.map { row in
            let currency = Currency(code: row.text("currency") ?? "") ?? .cny
            func money(_ name: String) -> Value { .money(Money(minorUnits: row.integer(name) ?? 0, currency: currency)) }
            let late = row.integer("late") ?? 0, invoiced = row.integer("invoiced") ?? 0
            return Record(segmentField(segment, row) + [
                ("currency", .string(currency.code)), ("invoices", .int(row.integer("invoices") ?? 0)),
                ("invoiced", money("invoiced")), ("collected", money("collected")),
                ("paid late", Figures.percent(late, of: row.integer("settled") ?? 0)),
                ("mean days late", late == 0 ? .null : Figures.decimal(tenths: Figures.tenths(Int128(row.integer("late_days") ?? 0), Int128(late)))),
                ("overdue", .int(row.integer("overdue") ?? 0)), ("overdue balance", money("overdue_balance")),
                ("dso days", invoiced <= 0 ? .null : Figures.decimal(tenths: Figures.tenths(Int128(row.integer("open_balance") ?? 0) * Int128(days), Int128(invoiced)))),
            ])
        })
    }

    /// The days-late buckets of `--paid`, as (column, lowest, highest) whole days late.
    static let buckets: [(name: String, low: Int64, high: Int64?)] = [("on time", Int64.min, 0), ("1-15", 1, 15), ("16-30", 16, 30), ("31-45", 31, 45), ("46+", 46, nil)]

    /// Settled invoices issued in the period, per currency: how many, how many in each days-late
    /// bucket, the share paid late, and the mean days late over the late ones (as the main view) and
    /// over all of them (on time counting 0).
    static func paidTable(_ context: StageContext, period: ReportPeriod, by segment: ReceivablesSegment? = nil) throws -> Table {
        let daysLate = Self.daysLate(context.database.dialect)
        let window = period.condition("i.issued_on")
        let counts = buckets.enumerated().map { index, bucket in
            "sum(CASE WHEN late \(bucket.low == Int64.min ? "<= \(bucket.high ?? 0)" : bucket.high.map { "BETWEEN \(bucket.low) AND \($0)" } ?? ">= \(bucket.low)") THEN 1 ELSE 0 END) AS b\(index)"
        }.joined(separator: ", ")
        let rows = try context.database.query("""
            SELECT \(leading(segment, currency: "").groupBy), count(*) AS settled, \(counts), sum(CASE WHEN late > 0 THEN 1 ELSE 0 END) AS late, coalesce(sum(CASE WHEN late > 0 THEN late ELSE 0 END), 0) AS late_days
            FROM (SELECT \(leading(segment, currency: "i.currency").select), \(daysLate) AS late
                  FROM invoices i JOIN (\(paidPerInvoice)) p ON p.invoice_id = i.id \(segment == nil ? "" : ReceivablesSegment.customerJoin)
                  WHERE p.paid >= i.amount_minor AND \(window.sql)) AS settled
            GROUP BY \(leading(segment, currency: "").groupBy) ORDER BY \(leading(segment, currency: "").groupBy)
            """, window.arguments)
        let columns = leading(segment, currency: "").columns + ["settled"] + buckets.map(\.name) + ["paid late", "mean days late", "mean days late (all settled)"]
        return Table(columns: columns, rows: rows.map { row in
            let settled = row.integer("settled") ?? 0, late = row.integer("late") ?? 0, days = Int128(row.integer("late_days") ?? 0)
            var fields: [(String, Value)] = segmentField(segment, row) + [("currency", .string(row.text("currency") ?? "")), ("settled", .int(settled))]
            for index in buckets.indices { fields.append((buckets[index].name, .int(row.integer("b\(index)") ?? 0))) }
            fields += [("paid late", Figures.percent(late, of: settled)),
                       ("mean days late", late == 0 ? .null : Figures.decimal(tenths: Figures.tenths(days, Int128(late)))),
                       ("mean days late (all settled)", settled == 0 ? .null : Figures.decimal(tenths: Figures.tenths(days, Int128(settled))))]
            return Record(fields)
        })
    }
}
