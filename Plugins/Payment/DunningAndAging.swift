import Foundation
import FunnelModel
import StageKit

/// `invoice remind`: for each overdue invoice (all, or those piped in), the dunning level its days
/// overdue reach — `payment.dunning.levels`, default `1:reminder,15:second notice,30:final notice` —
/// recorded and journaled once per level; `--dry-run` lists who would be contacted and why.
enum InvoiceRemindCommand {
    static let columns = ["invoice", "customer", "balance", "days overdue", "action"]

    static let command = Command(CommandSignature(
        "invoice remind",
        summary: "Send the dunning step each overdue invoice has reached (reminder, second notice, final notice), once per step.",
        input: .table, output: .table, impact: .low,
        examples: [Example("invoice list --overdue | invoice remind --dry-run", "Who would be contacted, and why.")])) { invocation, context in
        let levels = try DunningLevels.read(context)
        var pending = DunningLevels.pending(levels, at: context.clock.now)
        if let rows = invocation.input.rows, invocation.input != .null {
            let ids = rows.compactMap { if case .id(let id)? = $0["id"] { id.number } else { nil } }
            pending.conditions.append(.init(ids.isEmpty ? "0" : "id IN (" + ids.map(String.init).joined(separator: ",") + ")"))
        }
        if invocation.isDryRun {
            // Stored rows: `invoice remind --dry-run | count` (or `where`, `first`) runs in SQL.
            pending.selection = columns
            return .relation(pending)
        }
        let rows = try pending.rows(in: context.database)
        let sentOn = SQLValue.text(Day.formatTimestamp(context.clock.now))
        for row in rows {
            guard case .id(let invoice)? = row["invoice"], case .int(let level)? = row["level"], case .string(let action)? = row["action"] else { continue }
            try context.database.execute("INSERT INTO dunning (invoice_id, level, action, sent_on) VALUES (?, ?, ?, ?)",
                                         [.integer(invoice.number), .integer(level), .text(action), sentOn])
            try context.journal("invoice.dunned", subject: invoice, details: Record([
                ("level", .int(level)), ("action", .string(action)), ("days overdue", row["days overdue"] ?? .null), ("balance", row["balance"] ?? .null),
            ]))
        }
        return .table(Table(columns: columns, rows: rows.map { row in Record(columns.map { ($0, row[$0] ?? .null) }) }))
    }
}

enum DunningLevels {
    struct Level { let days: Int64; let action: String }

    static let defaultText = "1:reminder,15:second notice,30:final notice"
    static let setting = Setting("payment.dunning.levels", "Dunning levels as DAYS:ACTION, comma-separated (days overdue).",
                                 default: defaultText) { text in
        if case .failure(let problem) = parse(text) { return problem.message }
        return nil
    }

    static func read(_ context: StageContext) throws -> [Level] {
        switch parse(try context.setting(setting.key) ?? defaultText) {
        case .success(let levels): return levels
        case .failure(let problem):
            throw CommandError("setting \(setting.key): \(problem.message)", hint: "config set \(setting.key) '\(defaultText)'")
        }
    }

    struct Problem: Error { let message: String }

    /// The levels, in order of days; or what is wrong with the text.
    static func parse(_ text: String) -> Result<[Level], Problem> {
        var levels: [Level] = []
        for piece in text.split(separator: ",") {
            let parts = piece.split(separator: ":", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, let days = Int64(parts[0]), (1...36_500).contains(days), !parts[1].isEmpty else {
                return .failure(Problem(message: "\"\(piece)\" is not DAYS:ACTION"))
            }
            levels.append(Level(days: days, action: parts[1]))
        }
        guard !levels.isEmpty else { return .failure(Problem(message: "no levels given")) }
        return .success(levels.sorted { $0.days < $1.days })
    }

    /// Open invoices late enough for a dunning level they have not had yet, with that level, as
    /// stored rows: one query however large the ledger. Level edges are timestamps computed here
    /// (digits and `-:TZ` only) and actions are quoted, so the whole query is one SQL text.
    static func pending(_ levels: [Level], at now: Date) -> Relation {
        func edge(_ days: Int64) -> String { "'" + ReceivablesSQL.timestamp(days, before: now) + "'" }
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let descending = levels.enumerated().reversed()
        let level = "CASE " + descending.map { "WHEN i.due_on <= \(edge($0.element.days)) THEN \($0.offset + 1)" }.joined(separator: " ") + " ELSE 0 END"
        let action = "CASE " + descending.map { "WHEN i.due_on <= \(edge($0.element.days)) THEN \(quoted($0.element.action))" }.joined(separator: " ") + " END"
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let source = """
            (SELECT i.id AS id, i.customer_id AS customer_id, i.currency AS currency,
                    i.amount_minor - coalesce(p.paid, 0) AS balance_minor,
                    (\(nowSeconds) - unixepoch(i.due_on)) / 86400 AS days_overdue,
                    \(level) AS level, \(action) AS action
             FROM invoices i
             \(ReceivablesSQL.paidJoin)
             LEFT JOIN (SELECT invoice_id, max(level) AS sent FROM dunning GROUP BY invoice_id) d ON d.invoice_id = i.id
             WHERE i.status = 'open' AND i.due_on <= \(edge(levels.first?.days ?? 1)) AND \(level) > coalesce(d.sent, 0)) AS pending
            """
        return Relation(source: source, columns: [
            .init("invoice", .id(.invoice, "id")), .init("customer", .id(.customer, "customer_id")),
            .init("balance", .money(minor: "balance_minor", currency: "currency")), .init("days overdue", .integer("days_overdue")),
            .init("action", .text("action")), .init("level", .integer("level")),
        ], order: "id")
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

/// SQL pieces the receivables reports share.
enum ReceivablesSQL {
    /// Joins each invoice `i` to `p.paid`, the sum of its payments (NULL when none).
    static let paidJoin = "LEFT JOIN (SELECT invoice_id, sum(amount_minor) AS paid FROM payments GROUP BY invoice_id) p ON p.invoice_id = i.id"

    /// The stored timestamp `days` whole days before `now`: the due-date edge of "at least that late".
    static func timestamp(_ days: Int64, before now: Date) -> String {
        Day.formatTimestamp(now.addingTimeInterval(TimeInterval(-days * 86_400)))
    }
}
