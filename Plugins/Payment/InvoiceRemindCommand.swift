#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `invoice remind`: for each overdue invoice (all, or those piped in), the dunning level its days
/// overdue reach — `payment.dunning.levels`, default `1:reminder,15:second notice,30:final notice` —
/// recorded once per level through `DunningReminder` (journaled `invoice.dunned`); `--dry-run` lists who
/// would be contacted and why. It is the payment slot's deciding verb: `review replay payment IMPL`
/// asks another implementation's `invoice remind` the same (docs/plugin-protocol.md).
enum InvoiceRemindCommand {
    /// The result's columns: the deciding verb's contract for `review replay payment` (a plugin's
    /// `invoice remind` answers with the same), `level` being the dunning level the invoice reaches.
    static let columns = ["invoice", "customer", "balance", "days overdue", "level", "action"]

    static let command = Command(CommandSignature(
        "invoice remind",
        summary: "Send the dunning step each overdue invoice has reached (reminder, second notice, final notice), once per step.",
        input: .table, output: .table, impact: .low,
        examples: [Example("invoice list --overdue | invoice remind --dry-run", "Who would be contacted, and why.")])) { invocation, context in
        let levels = try DunningLevels.read(context)
        var pending = DunningLevels.pending(levels, at: context.clock.now, dialect: context.database.dialect)
        if let rows = invocation.input.rows, invocation.input != .null {
            let ids = rows.compactMap { if case .id(let id)? = $0["id"] { id.number } else { nil } }
            pending.conditions.append(.init(ids.isEmpty ? "FALSE" : "id IN (" + ids.map(String.init).joined(separator: ",") + ")"))
        }
        if invocation.isDryRun {
            // Stored rows: `invoice remind --dry-run | count` (or `where`, `first`) runs in SQL.
            pending.selection = columns
            return .relation(pending)
        }
        let rows = try pending.rows(in: context.database)
        for row in rows {
            guard case .id(let invoice)? = row["invoice"], case .int(let level)? = row["level"], case .string(let action)? = row["action"] else { continue }
            // The payment slot's record of a dunning step (`DunningReminder`): checked and journaled as `invoice.dunned`.
            try DunningReminder(invoice: invoice, level: level, note: action).record(in: context)
        }
        return .table(Table(columns: columns, rows: rows.map { row in Record(columns.map { ($0, row[$0] ?? .null) }) }))
    }
}
