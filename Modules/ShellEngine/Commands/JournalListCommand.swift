#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `journal list [SUBJECT]`: the journal's events, oldest first, optionally for one subject.
enum JournalListCommand {
    static let command = EngineCommand(CommandSignature(
        "journal list",
        summary: "Show journaled changes: when, who, which stage and implementation, what.",
        positionals: [Positional("subject", .word, "Only events about this id, e.g. L-1, or this custom field, e.g. lead.employees.", optional: true)],
        flags: [Flag("type", .string, "Only events of this type, e.g. lead.screened.")],
        examples: [Example("journal list L-1", "Everything that happened to lead L-1.", setup: "lead add Acme")])) { invocation, call in
        let context = try call.stageContext()
        var sql = "SELECT id, at, actor, subject, slot, implementation, type, payload FROM events"
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let subject = invocation["subject"] {
            // Ids are stored upper-case (l-1 finds L-1), custom fields as declared (lead.employees).
            conditions.append("subject IN (?, ?)")
            arguments += [.text(subject.plainText.uppercased()), .text(subject.plainText)]
        }
        if let type = invocation.string("type") {
            conditions.append("type = ?")
            arguments.append(.text(type))
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY id"
        let events = try context.database.query(sql, arguments).map { row in
            DecisionRun.JournalEntry(event: row.integer("id") ?? 0, at: row.text("at") ?? "", actor: row.text("actor") ?? "",
                                     subject: row.text("subject") ?? "", slot: row.text("slot") ?? "",
                                     implementation: row.text("implementation") ?? "", type: row.text("type") ?? "", payload: row.text("payload") ?? "")
        }
        // Bulk decisions (a screening run's verdicts) are rows of their run, shown as the events they
        // stand for, after the run's own event.
        let decisions = try DecisionRun.journalEntries(subject: invocation["subject"]?.plainText.uppercased(),
                                                       type: invocation.string("type"), in: context.database)
        // A run's rows share its time: it is parsed once.
        var parsed: (text: String, value: Value) = ("", .null)
        let rows = merged(events, decisions).map { entry -> Record in
            if entry.at != parsed.text { parsed = (entry.at, (try? Day.parse(entry.at)).map(Value.date) ?? .null) }
            return Record([
                ("event", .int(entry.event)), ("at", parsed.value),
                ("actor", .string(entry.actor)), ("subject", .string(entry.subject)),
                ("slot", .string(entry.slot)), ("implementation", .string(entry.implementation)),
                ("type", .string(entry.type)), ("details", .string(entry.payload)),
            ])
        }
        return .table(Table(columns: ["event", "at", "actor", "subject", "slot", "implementation", "type", "details"], rows: rows))
    }

    /// Both lists in event order; on the same event, the journal's own first.
    static func merged(_ events: [DecisionRun.JournalEntry], _ decisions: [DecisionRun.JournalEntry]) -> [DecisionRun.JournalEntry] {
        guard !decisions.isEmpty else { return events }
        var result: [DecisionRun.JournalEntry] = []
        result.reserveCapacity(events.count + decisions.count)
        var next = decisions.startIndex
        for event in events {
            while next < decisions.endIndex, decisions[next].event < event.event {
                result.append(decisions[next])
                next += 1
            }
            result.append(event)
        }
        result += decisions[next...]
        return result
    }
}
