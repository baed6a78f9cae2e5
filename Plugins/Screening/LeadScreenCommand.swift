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
            let scoring = try scorer.batchScoring(context)
            let implementation = context.stage?.implementation ?? "?"
            let updates = LeadTable.statusUpdates(in: context.database)
            let summaryOnly = invocation.flag("summary"), dryRun = invocation.isDryRun
            var rows: [Record] = []
            var counts: [LeadStatus: Int64] = [:]
            // A batch's decisions, put in the order of its ids, are counted, shown and written.
            func finish(_ batch: [Int64], _ work: Background<[Decision]>, journal: JournalWriter) throws {
                guard let decisions = work.value else { throw CommandError("lead screen lost a batch of leads; nothing was changed") }
                // Piped ids usually arrive in id order, as the leads are read: then no lookup is needed.
                let inOrder = decisions.count == batch.count && zip(decisions, batch).allSatisfy { $0.lead.number == $1 }
                let byID = inOrder ? [:] : Dictionary(decisions.map { ($0.lead.number, $0) }, uniquingKeysWith: { a, _ in a })
                var ordered: [Decision] = []
                ordered.reserveCapacity(batch.count)
                for (index, number) in batch.enumerated() {
                    guard let decision = inOrder ? decisions[index] : byID[number] else {
                        throw CommandError.notFound(EntityID(.lead, number), argument: "id")
                    }
                    ordered.append(decision)
                    counts[decision.status, default: 0] += 1
                    if let why = decision.why {
                        rows.append(Record([("id", .id(decision.lead)), ("name", .string(decision.name)), ("score", .int(Int64(decision.score))),
                                            ("verdict", .string(decision.status.rawValue)), ("by", .string(implementation)), ("why", .string(why))]))
                    }
                }
                if dryRun { return }
                // The batch's updates, then its events: one table after the other is faster than both in turn.
                var values: [SQLValue] = []
                values.reserveCapacity(ordered.count * 3)
                for decision in ordered { values += [.integer(decision.lead.number), .text(decision.status.rawValue), .integer(Int64(decision.score))] }
                try updates.execute(values: values)
                try journal.write("lead.screened", events: ordered.map { ($0.lead, $0.payload ?? "{}") })
            }
            // Leads are read a thousand at a time, so a million never sit in memory together. Each batch
            // is made leads and scored on another thread while this one writes the batch before.
            let writes = dryRun ? 0 : ids.count
            try LeadTable.bulkStatusUpdate(expectedRows: writes, in: context.database) {
            try context.journalWriter(expectedEvents: writes) { journal in
                var pending: (batch: [Int64], work: Background<[Decision]>)?
                for start in stride(from: 0, to: ids.count, by: 1000) {
                    try context.checkCancelled()
                    let batch = Array(ids[start..<min(ids.count, start + 1000)])
                    let found = try LeadTable.rows(where: .among("id", batch), in: context.database)
                    // The batch's custom values the scoring reads, in one query.
                    let custom = try LeadFeatures.customValues(scoring.customFields, records: batch, in: context.database)
                    let work = Background { Decision.all(found, custom: custom, score: scoring.score, payloads: !dryRun, explain: !summaryOnly) }
                    if let previous = pending { try finish(previous.batch, previous.work, journal: journal) }
                    pending = (batch, work)
                }
                if let last = pending { try finish(last.batch, last.work, journal: journal) }
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

/// What screening decided for one lead, made on the scoring thread.
struct Decision: Sendable {
    let lead: EntityID
    let name: String
    let status: LeadStatus
    let score: Int
    /// The journal's record of it; nil in a dry run, which writes nothing.
    let payload: String?
    /// The explanation shown per lead; nil with `--summary`.
    let why: String?

    /// The decisions for stored lead rows (`LeadTable.rows`), in their order.
    static func all(_ rows: [SQLRow], custom: [Int64: [String: SQLValue]], score: @Sendable (LeadFeatures.Subject) -> Score,
                    payloads: Bool, explain: Bool) -> [Decision] {
        rows.map { row in
            let lead = LeadTable.lead(from: row)
            let result = score(LeadFeatures.Subject(lead: lead, custom: custom[lead.id.number] ?? [:]))
            let status: LeadStatus = result.qualifies ? .qualified : .disqualified
            return Decision(lead: lead.id, name: lead.name, status: status, score: result.total,
                            payload: payloads ? result.journalPayload(status) : nil, why: explain ? result.why : nil)
        }
    }
}
