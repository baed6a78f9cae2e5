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
