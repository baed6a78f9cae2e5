#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `report aging`: what is owed, by how late — current, 1–30, 31–60, 61–90, 90+ days — per customer
/// and in total, with days sales outstanding over the last 90 days. A catalog command: it reads only the
/// core invoices and payments, so it stays whichever implementation fills the payment slot.
enum AgingReportCommand {
    static let buckets: [(String, ClosedRange<Int64>)] = [("current", 0...0), ("1-30", 1...30), ("31-60", 31...60), ("61-90", 61...90),
                                                          ("90+", 91...Int64.max)]

    static let command = Command(CommandSignature(
        "report aging",
        summary: "Receivables by age (current, 1-30, 31-60, 61-90, 90+ days overdue) per customer and in total, with days sales outstanding.",
        examples: [Example("report aging", "Who owes what, how late.")]), catalog: true) { _, context in
        // One query: balances of open invoices bucketed by due date against the clock, summed per
        // customer and currency. Bucket edges are dates computed here, so the SQL stays portable.
        let now = context.clock.now
        func edge(_ days: Int64) -> SQLValue { .text(ReceivablesSQL.timestamp(days, before: now)) }
        let balance = "(i.amount_minor - coalesce(p.paid, 0))"
        let sql = """
            SELECT i.customer_id AS customer, i.currency AS currency,
                   sum(CASE WHEN i.due_on > ? THEN \(balance) ELSE 0 END) AS b0,
                   sum(CASE WHEN i.due_on <= ? AND i.due_on > ? THEN \(balance) ELSE 0 END) AS b1,
                   sum(CASE WHEN i.due_on <= ? AND i.due_on > ? THEN \(balance) ELSE 0 END) AS b2,
                   sum(CASE WHEN i.due_on <= ? AND i.due_on > ? THEN \(balance) ELSE 0 END) AS b3,
                   sum(CASE WHEN i.due_on <= ? THEN \(balance) ELSE 0 END) AS b4
            FROM invoices i \(ReceivablesSQL.paidJoin)
            WHERE i.status = 'open'
            GROUP BY i.customer_id, i.currency ORDER BY i.customer_id, i.currency
            """
        // Whole days overdue, as `invoice list` counts them: less than one is current, 1 to 30 the first
        // bucket (due at most a day ago and less than 31 days ago), and so on.
        let e1 = edge(1), e31 = edge(31), e61 = edge(61), e91 = edge(91)
        let rowsSQL = try context.database.query(sql, [e1, e1, e31, e31, e61, e61, e91, e91])
        // Totals and days sales outstanding are per currency: amounts in different currencies are
        // never added together.
        let since = ReceivablesSQL.timestamp(90, before: now)
        var sales: [String: Int64] = [:]
        for row in try context.database.query("SELECT currency, coalesce(sum(amount_minor), 0) AS s FROM invoices WHERE issued_on >= ? GROUP BY currency",
                                              [.text(since)]) {
            sales[row.text("currency") ?? "", default: 0] += row.integer("s") ?? 0
        }
        var rows: [Record] = []
        var totals: [(code: String, amounts: [Int64])] = []
        for row in rowsSQL {
            let code = row.text("currency") ?? ""
            let currency = Currency(code: code) ?? .cny
            let amounts = (0..<5).map { row.integer("b\($0)") ?? 0 }
            if let index = totals.firstIndex(where: { $0.code == code }) {
                for bucket in 0..<5 { totals[index].amounts[bucket] = try checkedSum(totals[index].amounts[bucket], amounts[bucket]) }
            } else {
                totals.append((code, amounts))
            }
            rows.append(try record(row.integer("customer").map { EntityID(.customer, $0).description } ?? "-", amounts, currency))
        }
        if totals.isEmpty { totals = [(Currency.cny.code, [Int64](repeating: 0, count: 5))] }
        for (code, amounts) in totals.sorted(by: { $0.code < $1.code }) {
            var total = try record("total", amounts, Currency(code: code) ?? .cny)
            let sold = sales[code, default: 0]
            let owed = try amounts.reduce(0, checkedSum)
            total["dso days"] = sold == 0 ? .null : .int(Int64(clamping: Int128(owed) * 90 / Int128(sold)))
            rows.append(total)
        }
        return .table(Table(rows: rows))
    }

    static func checkedSum(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw CommandError("the receivables are too large to total exactly") }
        return sum
    }

    static func record(_ label: String, _ amounts: [Int64], _ currency: Currency) throws -> Record {
        var record = Record([("customer", .string(label))])
        for (index, bucket) in buckets.enumerated() { record[bucket.0] = .money(Money(minorUnits: amounts[index], currency: currency)) }
        record["total"] = .money(Money(minorUnits: try amounts.reduce(0, checkedSum), currency: currency))
        return record
    }
}
