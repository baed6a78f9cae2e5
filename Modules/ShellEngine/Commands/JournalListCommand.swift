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
        let rows = try context.database.query(sql, arguments).map { row -> Record in
            let at = row.text("at").flatMap { try? Day.parse($0) }
            return Record([
                ("event", .int(row.integer("id") ?? 0)), ("at", at.map(Value.date) ?? .null),
                ("actor", .string(row.text("actor") ?? "")), ("subject", .string(row.text("subject") ?? "")),
                ("slot", .string(row.text("slot") ?? "")), ("implementation", .string(row.text("implementation") ?? "")),
                ("type", .string(row.text("type") ?? "")), ("details", .string(row.text("payload") ?? "")),
            ])
        }
        return .table(Table(columns: ["event", "at", "actor", "subject", "slot", "implementation", "type", "details"], rows: rows))
    }
}
