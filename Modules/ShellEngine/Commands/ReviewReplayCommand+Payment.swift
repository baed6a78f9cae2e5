#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageHost
import StageKit

extension ReviewReplayCommand {
    /// The payment slot's replay: for every invoice that was reminded, the dunning level it reached
    /// last (`Decision.recorded(in: .payment, …)`) beside the level the other implementation's
    /// `invoice remind` gives it when asked at the moment that reminder went out — in a dry run, inside
    /// a savepoint rolled back in which the invoice is as it was then (that reminder and later ones,
    /// and payments after it, taken away). Then how the invoice ended: paid (by its due date), paid
    /// late, or still open.
    static func dunning(_ command: Command, _ history: [Decision], name: String, differencesOnly: Bool, registry: StageRegistry,
                        context: StageContext, call: CallContext) throws -> Value {
        guard let (list, lister) = registry.command(named: "invoice list") else {
            throw CommandError("review replay payment reads invoices through invoice list, which no stage offers")
        }
        let sent = Dictionary(try DunningReminder.latest(in: context.database).map { ($0.invoice, $0) }, uniquingKeysWith: { $1 })
        let quiet = QuietOutput()
        var rows: [Record] = []
        var agreed = 0, harder = 0, softer = 0
        var harderEnded: [String: Int] = [:], softerEnded: [String: Int] = [:]
        for decision in history {
            try context.checkCancelled()
            let invoice = decision.subject
            guard let step = sent[invoice] else { continue }
            var would = "(none)", action: Value = .null
            do {
                let answer = try context.database.savepoint(rollingBack: true) { () throws -> [Record] in
                    let then = StageContext(database: context.database, clock: FixedClock(step.sentOn), output: quiet, actor: context.actor,
                                            stage: context.stage, isCancelled: context.isCancelled, lifecycle: context.lifecycle)
                    try asItWas(invoice, at: step.sentOn, database: context.database)
                    let piped = try Self.rows(of: only(invoice, in: try list.run(Invocation(), then.acting(as: lister))), context)
                        .filter { $0["id"] == .id(invoice) }
                    let result = try command.run(Invocation(input: .table(Table(rows: piped)), isDryRun: true), then)
                    return try Self.rows(of: result, context)
                }
                if let mine = answer.first(where: { $0["invoice"] == .id(invoice) || $0["invoice"] == .string(invoice.description) }) {
                    would = mine["level"]?.plainText ?? "?"
                    action = mine["action"] ?? .null
                }
            } catch let error as CommandError {
                action = .string(error.message)
            }
            let (ended, daysLate) = try outcome(of: invoice, database: context.database)
            let agrees = would == decision.decision
            if agrees {
                agreed += 1
            } else if (Int64(would) ?? 0) > (Int64(decision.decision) ?? 0) {
                harder += 1
                harderEnded[ended, default: 0] += 1
            } else {
                softer += 1
                softerEnded[ended, default: 0] += 1
            }
            if differencesOnly, agrees { continue }
            rows.append(Record([("invoice", .id(invoice)), ("reminded", .date(step.sentOn)), ("happened", .string(decision.decision)),
                                ("note", .string(decision.reason ?? "")), ("by", .string(decision.implementation)), ("would", .string(would)),
                                ("action", action), ("agrees", .bool(agrees)), ("outcome", .string(ended)), ("days late", daysLate)]))
        }
        call.output.note("payment \(name) gives the same dunning level to \(agreed) of \(history.count) reminded invoices; it would have pressed "
            + "\(harder) harder\(breakdown(harderEnded)) and \(softer) more gently\(breakdown(softerEnded)); nothing was changed")
        return .table(Table(columns: ["invoice", "reminded", "happened", "note", "by", "would", "action", "agrees", "outcome", "days late"], rows: rows))
    }

    /// The listed invoices narrowed to one in SQL when the list is stored rows with an id column: each
    /// replayed reminder read every invoice into memory, so the replay grew with the square of them.
    private static func only(_ invoice: EntityID, in listed: Value) -> Value {
        guard case .relation(var relation) = listed, case .id(_, let column)? = relation.column(named: "id")?.kind else { return listed }
        relation.conditions.append(Relation.Fragment("\(column) = ?", [.integer(invoice.number)]))
        return .relation(relation)
    }

    /// A command's result rows, stored ones read now.
    private static func rows(of result: Value, _ context: StageContext) throws -> [Record] {
        if case .relation(let relation) = result { return try relation.rows(in: context.database) }
        return result.rows ?? []
    }

    /// Inside the replay's savepoint: `invoice` as it stood at `moment` — the reminders from then on and
    /// the payments after it removed, and open again if those payments had settled it.
    private static func asItWas(_ invoice: EntityID, at moment: Date, database: any SQLDatabase) throws {
        let stamp = SQLValue.text(Day.formatTimestamp(moment)), id = SQLValue.integer(invoice.number)
        try database.execute("DELETE FROM dunning_reminders WHERE invoice_id = ? AND sent_on >= ?", [id, stamp])
        try database.execute("DELETE FROM payments WHERE invoice_id = ? AND paid_on > ?", [id, stamp])
        try database.execute("UPDATE invoices SET status = 'open' WHERE id = ? AND status = 'paid'", [id])
    }

    /// How a reminded invoice ended: `paid` (in full by its due date), `paid late` (with the days late of
    /// the payment that settled it) or `open` (with the days it is overdue now), or its status.
    private static func outcome(of invoice: EntityID, database: any SQLDatabase) throws -> (String, Value) {
        guard let row = try database.query("""
            SELECT i.status, i.due_on, (SELECT max(p.paid_on) FROM payments p WHERE p.invoice_id = i.id) AS settled
            FROM invoices i WHERE i.id = ?
            """, [.integer(invoice.number)]).first else { return ("?", .null) }
        let status = row.text("status") ?? "?"
        guard status == "paid", let due = row.text("due_on").flatMap({ try? Day.parse($0) }),
              let settled = row.text("settled").flatMap({ try? Day.parse($0) }) else {
            return (status == "open" ? "still open" : status, .null)
        }
        let late = Int64((settled.timeIntervalSince(due) / 86_400).rounded(.down))
        return late > 0 ? ("paid late", .int(late)) : ("paid", .int(0))
    }
}

/// Where a replayed command's own lines go: nowhere (the replay shows its table and one note).
private final class QuietOutput: OutputSink {
    func line(_ text: String) {}
    func note(_ text: String) {}
}
