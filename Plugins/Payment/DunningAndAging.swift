import Foundation
import FunnelModel
import StageKit

/// `invoice remind`: for each overdue invoice (all, or those piped in), the dunning level its days
/// overdue reach — `payment.dunning.levels`, default `1:reminder,15:second notice,30:final notice` —
/// recorded and journaled once per level; `--dry-run` lists who would be contacted and why.
enum InvoiceRemindCommand {
    static let command = Command(CommandSignature(
        "invoice remind",
        summary: "Send the dunning step each overdue invoice has reached (reminder, second notice, final notice), once per step.",
        input: .table, output: .table, impact: .low,
        examples: [Example("invoice list --overdue | invoice remind --dry-run", "Who would be contacted, and why.")])) { invocation, context in
        let levels = try DunningLevels.read(context)
        var ids: Set<Int64>?
        if let rows = invocation.input.rows, invocation.input != .null {
            ids = Set(rows.compactMap { if case .id(let id)? = $0["id"] { id.number } else { nil } })
        }
        let now = context.clock.now
        var result: [Record] = []
        for invoice in try InvoiceState.all(context, where: .init("i.status = 'open'")) {
            if let ids, !ids.contains(invoice.id.number) { continue }
            let days = invoice.daysOverdue(at: now)
            guard let (level, action) = levels.enumerated().last(where: { days >= $0.element.days }).map({ ($0.offset + 1, $0.element.action) }) else { continue }
            let done = try context.database.query("SELECT max(level) AS l FROM dunning WHERE invoice_id = ?",
                                                  [.integer(invoice.id.number)]).first?.integer("l") ?? 0
            guard level > done else { continue }
            result.append(Record([("invoice", .id(invoice.id)), ("customer", invoice.customer.map(Value.id) ?? .null),
                                  ("balance", .money(invoice.balance)), ("days overdue", .int(days)), ("action", .string(action))]))
            if invocation.isDryRun { continue }
            try context.database.execute("INSERT INTO dunning (invoice_id, level, action, sent_on) VALUES (?, ?, ?, ?)",
                                         [.integer(invoice.id.number), .integer(Int64(level)), .text(action), .text(Day.formatTimestamp(now))])
            try context.journal("invoice.dunned", subject: invoice.id, details: Record([
                ("level", .int(Int64(level))), ("action", .string(action)), ("days overdue", .int(days)), ("balance", .money(invoice.balance)),
            ]))
        }
        return .table(Table(columns: ["invoice", "customer", "balance", "days overdue", "action"], rows: result))
    }
}

enum DunningLevels {
    struct Level { let days: Int64; let action: String }

    static func read(_ context: StageContext) throws -> [Level] {
        let text = try context.setting("payment.dunning.levels") ?? "1:reminder,15:second notice,30:final notice"
        let levels = try text.split(separator: ",").map { piece -> Level in
            let parts = piece.split(separator: ":", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, let days = Int64(parts[0]), days >= 1, !parts[1].isEmpty else {
                throw CommandError("setting payment.dunning.levels has \"\(piece)\", not DAYS:ACTION",
                                   hint: "config set payment.dunning.levels '1:reminder,15:second notice,30:final notice'")
            }
            return Level(days: days, action: parts[1])
        }
        return levels.sorted { $0.days < $1.days }
    }
}

/// `report aging`: what is owed, by how late — current, 1–30, 31–60, 61–90, 90+ days — per customer
/// and in total, with days sales outstanding over the last 90 days.
enum AgingReportCommand {
    static let buckets: [(String, ClosedRange<Int64>)] = [("current", 0...0), ("1-30", 1...30), ("31-60", 31...60), ("61-90", 61...90),
                                                          ("90+", 91...Int64.max)]

    static let command = Command(CommandSignature(
        "report aging",
        summary: "Receivables by age (current, 1-30, 31-60, 61-90, 90+ days overdue) per customer and in total, with days sales outstanding.",
        examples: [Example("report aging", "Who owes what, how late.")])) { _, context in
        let now = context.clock.now
        let open = try InvoiceState.all(context, where: .init("i.status = 'open'"))
        var byCustomer: [String: [String: Int64]] = [:]
        var order: [String] = []
        var currency = Currency.cny
        for invoice in open {
            currency = invoice.amount.currency
            let key = invoice.customer?.description ?? "-"
            if byCustomer[key] == nil { order.append(key) }
            let days = invoice.daysOverdue(at: now)
            let bucket = buckets.first { $0.1.contains(days) }?.0 ?? "90+"
            byCustomer[key, default: [:]][bucket, default: 0] += invoice.balance.minorUnits
        }
        // Days sales outstanding: what is owed, over what was invoiced in the last 90 days, times 90.
        let since = Day.formatTimestamp(now.addingTimeInterval(-90 * 86_400))
        let sales = try context.database.query("SELECT coalesce(sum(amount_minor), 0) AS s FROM invoices WHERE issued_on >= ?",
                                               [.text(since)]).first?.integer("s") ?? 0
        func row(_ label: String, _ amounts: [String: Int64]) -> Record {
            var record = Record([("customer", .string(label))])
            for (bucket, _) in buckets { record[bucket] = .money(Money(minorUnits: amounts[bucket] ?? 0, currency: currency)) }
            let owed = amounts.values.reduce(0, +)
            record["total"] = .money(Money(minorUnits: owed, currency: currency))
            return record
        }
        var rows = order.map { row($0, byCustomer[$0] ?? [:]) }
        var totals: [String: Int64] = [:]
        for amounts in byCustomer.values { for (bucket, value) in amounts { totals[bucket, default: 0] += value } }
        var total = row("total", totals)
        let owed = totals.values.reduce(0, +)
        total["dso days"] = sales == 0 ? .null : .int(owed * 90 / sales)
        rows.append(total)
        return .table(Table(rows: rows))
    }
}
