#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

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
    static func pending(_ levels: [Level], at now: Date, dialect: SQLDialect) -> Relation {
        func edge(_ days: Int64) -> String { "'" + ReceivablesSQL.timestamp(days, before: now) + "'" }
        func quoted(_ text: String) -> String { "'" + text.replacing("'", with: "''") + "'" }
        let descending = levels.enumerated().reversed()
        let level = "CASE " + descending.map { "WHEN i.due_on <= \(edge($0.element.days)) THEN \($0.offset + 1)" }.joined(separator: " ") + " ELSE 0 END"
        let action = "CASE " + descending.map { "WHEN i.due_on <= \(edge($0.element.days)) THEN \(quoted($0.element.action))" }.joined(separator: " ") + " END"
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let source = """
            (SELECT i.id AS id, i.customer_id AS customer_id, i.currency AS currency,
                    i.amount_minor - coalesce(p.paid, 0) AS balance_minor,
                    (\(nowSeconds) - \(dialect.epochSeconds("i.due_on"))) / 86400 AS days_overdue,
                    \(level) AS level, \(action) AS action
             FROM invoices i
             \(ReceivablesSQL.paidJoin)
             LEFT JOIN (SELECT invoice_id, max(level) AS sent FROM dunning_reminders GROUP BY invoice_id) d ON d.invoice_id = i.id
             WHERE i.status = 'open' AND i.due_on <= \(edge(levels.first?.days ?? 1)) AND \(level) > coalesce(d.sent, 0)) AS pending
            """
        return Relation(source: source, columns: [
            .init("invoice", .id(.invoice, "id")), .init("customer", .id(.customer, "customer_id")),
            .init("balance", .money(minor: "balance_minor", currency: "currency")), .init("days overdue", .integer("days_overdue")),
            .init("action", .text("action")), .init("level", .integer("level")),
        ], order: "id")
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
