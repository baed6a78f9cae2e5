import FunnelModel
import StageKit

/// `lead screen [L-N]` (or leads piped in): scores leads with the active screening implementation,
/// marks them qualified or disqualified, and journals the score, the reasons and who decided.
enum LeadScreenCommand {
    static let defaultExamples = [
        Example("lead screen L-1", "Screen one lead.",
                setup: "lead add Acme --budget 50000 --authority yes --need 3 --timeline 30"),
        Example("lead list | where budget > 1000 | lead screen", "Screen every lead with a budget.",
                setup: "lead add Acme --budget 50000"),
    ]

    static func make(_ scorer: any LeadScorer, examples: [Example] = defaultExamples) -> Command {
        Command(CommandSignature(
            "lead screen",
            summary: "Score leads and mark them qualified or disqualified, with the reasons.",
            positionals: [Positional("id", .id(.lead), "The lead to screen; or pipe leads in.", optional: true)],
            flags: [Flag("summary", .bool, "Return the counts per verdict instead of a row per lead (for large batches).")],
            input: .storedRows, output: .table, impact: .low,
            examples: examples)) { invocation, context in
            let given = try invocation.ids("id", of: .lead, command: "lead screen", in: context.database)
            let ids = try LeadTable.screenable(given, named: invocation.id("id"), dryRun: invocation.isDryRun,
                                            in: context.database, output: context.output)
            guard !ids.isEmpty else {
                if invocation.input != .null { return .table(Table(columns: columns, rows: [])) }
                throw CommandError("lead screen needs a lead id or leads piped in", argument: "id")
            }
            let score = try scorer.scoring(context)
            let implementation = context.stage?.implementation ?? "?"
            let update = try context.database.prepare("UPDATE leads SET status = ?, score = ? WHERE id = ?")
            let summaryOnly = invocation.flag("summary")
            var rows: [Record] = []
            var counts: [LeadStatus: Int64] = [:]
            // Leads are read a thousand at a time, so a million never sit in memory together.
            let writes = invocation.isDryRun ? 0 : ids.count
            try LeadTable.bulkStatusUpdate(expectedRows: writes, in: context.database) {
            try context.journalWriter(expectedEvents: writes) { journal in
            for start in stride(from: 0, to: ids.count, by: 1000) {
                try context.checkCancelled()
                let batch = Array(ids[start..<min(ids.count, start + 1000)])
                let leads = try LeadTable.fetchAll(where: .among("id", batch), in: context.database)
                // Piped ids usually arrive in id order, as the leads are read: then no lookup is needed.
                let inOrder = leads.count == batch.count && zip(leads, batch).allSatisfy { $0.id.number == $1 }
                let byID = inOrder ? [:] : Dictionary(leads.map { ($0.id.number, $0) }, uniquingKeysWith: { a, _ in a })
                var decided: [(lead: EntityID, status: LeadStatus, score: Int, payload: String)] = []
                decided.reserveCapacity(invocation.isDryRun ? 0 : batch.count)
                for (index, number) in batch.enumerated() {
                    guard let lead = inOrder ? leads[index] : byID[number] else {
                        throw CommandError.notFound(EntityID(.lead, number), argument: "id")
                    }
                    let result = score(lead)
                    let status: LeadStatus = result.qualifies ? .qualified : .disqualified
                    counts[status, default: 0] += 1
                    if !summaryOnly {
                        // A lead that falls short only of the threshold (every rule gave all it could) says so.
                        let why = result.qualifies ? result.explanation
                            : result.reasons.isEmpty ? result.explanation + " — \(result.total) is below the threshold \(result.threshold)"
                            : result.explanation + " — " + result.reasons.joined(separator: "; ")
                        rows.append(Record([("id", .id(lead.id)), ("name", .string(lead.name)), ("score", .int(Int64(result.total))),
                                            ("verdict", .string(status.rawValue)), ("by", .string(implementation)),
                                            ("why", .string(why))]))
                    }
                    if !invocation.isDryRun { decided.append((lead.id, status, result.total, result.journalPayload(status))) }
                }
                // The batch's updates, then its events: one table after the other is faster than both in turn.
                for decision in decided {
                    try update.execute([.text(decision.status.rawValue), .integer(Int64(decision.score)), .integer(decision.lead.number)])
                }
                for decision in decided { try journal.write("lead.screened", subject: decision.lead, payload: decision.payload) }
            }
            }
            }
            if summaryOnly {
                return .table(Table(columns: ["verdict", "leads", "by"], rows: [LeadStatus.qualified, .disqualified].map {
                    Record([("verdict", .string($0.rawValue)), ("leads", .int(counts[$0] ?? 0)), ("by", .string(implementation))])
                }))
            }
            return .table(Table(columns: columns, rows: rows))
        }
    }

    static let columns = ["id", "name", "score", "verdict", "by", "why"]
}
