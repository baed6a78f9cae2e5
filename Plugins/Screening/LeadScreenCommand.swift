import FunnelModel
import StageKit

/// `lead screen [L-N]` (or leads piped in): scores leads with the active screening implementation,
/// marks them qualified or disqualified, and records each verdict with its score and reasons as one
/// run (`DecisionRun`: the run journaled as `screen.ran`, each verdict shown by `journal list` as `lead.screened`).
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
            // The run's verdicts go to the decisions table; the run itself is one journal event.
            let run = dryRun ? nil : try DecisionRun(deciding: "lead.screened", about: .lead, decisionName: "verdict", context: context)
            var rows: [Record] = []
            var counts: [LeadStatus: Int64] = [:]
            var threshold: Int?
            // A batch's verdicts, put in the order of its ids, are counted, shown and written.
            func finish(_ batch: [Int64], _ work: Background<[ScreeningVerdict]>) throws {
                guard let verdicts = work.value else { throw CommandError("lead screen lost a batch of leads; nothing was changed") }
                // Piped ids usually arrive in id order, as the leads are read: then no lookup is needed.
                let inOrder = verdicts.count == batch.count && zip(verdicts, batch).allSatisfy { $0.lead.number == $1 }
                let byID = inOrder ? [:] : Dictionary(verdicts.map { ($0.lead.number, $0) }, uniquingKeysWith: { a, _ in a })
                var ordered: [ScreeningVerdict] = []
                ordered.reserveCapacity(batch.count)
                for (index, number) in batch.enumerated() {
                    guard let verdict = inOrder ? verdicts[index] : byID[number] else {
                        throw CommandError.notFound(EntityID(.lead, number), argument: "id")
                    }
                    ordered.append(verdict)
                    counts[verdict.status, default: 0] += 1
                    threshold = threshold ?? verdict.threshold
                    if !summaryOnly {
                        rows.append(Record([("id", .id(verdict.lead)), ("name", .string(verdict.name)), ("score", .int(Int64(verdict.score))),
                                            ("verdict", .string(verdict.status.rawValue)), ("by", .string(implementation)),
                                            ("why", .string(verdict.why ?? ""))]))
                    }
                }
                guard let run else { return }
                // The batch's updates, then its decisions: one table after the other is faster than both in turn.
                var values: [SQLValue] = []
                values.reserveCapacity(ordered.count * 3)
                for verdict in ordered { values += [.integer(verdict.lead.number), .text(verdict.status.rawValue), .integer(Int64(verdict.score))] }
                try updates.execute(values: values)
                try run.record(ordered.map {
                    DecisionRun.Row(subject: $0.lead.number, decision: $0.status.rawValue, score: Int64($0.score), reasons: $0.why)
                })
            }
            // Leads are read a thousand at a time, so a million never sit in memory together. Each batch
            // is made leads and scored on another thread while this one writes the batch before.
            try LeadTable.bulkStatusUpdate(expectedRows: dryRun ? 0 : ids.count, in: context.database) {
                var pending: (batch: [Int64], work: Background<[ScreeningVerdict]>)?
                for start in stride(from: 0, to: ids.count, by: 1000) {
                    try context.checkCancelled()
                    let batch = Array(ids[start..<min(ids.count, start + 1000)])
                    // Only the columns the scorer reads (and the name, when leads are shown).
                    let found = try scoring.columns.map { columns in
                        try LeadTable.rows(where: .among("id", batch), reading: summaryOnly ? columns : columns.union(["name"]), in: context.database)
                    } ?? LeadTable.rows(where: .among("id", batch), in: context.database)
                    // The batch's custom values the scoring reads, in one query.
                    let custom = try LeadFeatures.customValues(scoring.customFields, records: batch, in: context.database)
                    let explain = !summaryOnly || !dryRun
                    let work = Background { ScreeningVerdict.all(found, custom: custom, score: scoring.score, explain: explain) }
                    if let previous = pending { try finish(previous.batch, previous.work) }
                    pending = (batch, work)
                }
                if let last = pending { try finish(last.batch, last.work) }
            }
            try run?.finish("screen.ran", details: Record(threshold.map { [("threshold", .int(Int64($0)))] } ?? []))
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
struct ScreeningVerdict: Sendable {
    let lead: EntityID
    let name: String
    let status: LeadStatus
    let score: Int
    let threshold: Int
    /// The explanation shown per lead and recorded as the decision's reasons; nil in a dry run with
    /// `--summary`, which neither shows nor records it.
    let why: String?

    /// The verdicts for stored lead rows (`LeadTable.rows`, all columns or some), in their order.
    static func all(_ rows: [SQLRow], custom: [Int64: [String: SQLValue]], score: @Sendable (LeadFeatures.Subject) -> Score,
                    explain: Bool) -> [ScreeningVerdict] {
        LeadTable.leads(from: rows).map { lead in
            let result = score(LeadFeatures.Subject(lead: lead, custom: custom[lead.id.number] ?? [:]))
            return ScreeningVerdict(lead: lead.id, name: lead.name, status: result.qualifies ? .qualified : .disqualified, score: result.total,
                                    threshold: result.threshold, why: explain ? result.why : nil)
        }
    }
}
