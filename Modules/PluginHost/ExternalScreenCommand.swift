#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `lead screen` answered by a plugin: Funnel sends the leads in batches, the plugin returns a score,
/// a verdict and the reason for each, and Funnel checks every answer, marks the leads and records
/// the decisions as one run as the built-in implementations do (`DecisionRun`). A wrong answer changes nothing.
enum ExternalScreenCommand {
    static let batchSize = 1000

    static func make(_ command: PluginManifest.Command, process: PluginProcess) -> Command {
        Command(CommandSignature(
            command.name,
            summary: command.summary.isEmpty ? "Score leads with plugin \(process.manifest.name)." : command.summary,
            positionals: [Positional("id", .id(.lead), "The lead to screen; or pipe leads in.", optional: true)],
            flags: [Flag("summary", .bool, "Return the counts per verdict instead of a row per lead.")],
            input: .storedRows, output: .table, impact: .low)) { invocation, context in
            let timeout = try PluginTimeout.seconds(context)
            // Leads fed by a pipeline are read from the database: the plugin starts meanwhile.
            var startedAhead = false
            if case .relation = invocation.input {
                process.startAhead(timeout: timeout, isCancelled: context.isCancelled)
                startedAhead = true
            }
            let given = try invocation.ids("id", of: .lead, command: command.name, in: context.database)
            let ids = try LeadTable.screenable(given, named: invocation.id("id"), dryRun: invocation.isDryRun,
                                            in: context.database, output: context.output)
            let columns = ["id", "name", "score", "verdict", "by", "why"]
            guard !ids.isEmpty else {
                if invocation.input != .null { return .table(Table(columns: columns, rows: [])) }
                throw CommandError("lead screen needs a lead id or leads piped in", argument: "id")
            }
            let implementation = context.stage?.implementation ?? process.manifest.name
            let updates = LeadTable.statusUpdates(in: context.database)
            let pluginName = "\(process.manifest.name) \(process.manifest.version)"
            var rows: [Record] = []
            var counts: [String: Int64] = [:]
            let batches = stride(from: 0, to: ids.count, by: batchSize).map { Array(ids[$0..<min(ids.count, $0 + batchSize)]) }
            var namesOf: [Int: [Int64: String]] = [:]
            // Only the columns the plugin asked for (id and name always) are read and sent.
            var relation = LeadTable.relation()
            if let fields = command.fields {
                let wanted = Set(fields + ["id", "name"])
                relation.selection = relation.columns.map(\.name).filter { wanted.contains($0) }
            }
            let writes = invocation.isDryRun ? 0 : ids.count
            do {
                // The verdicts go to the decisions table, the run is one journal event (`DecisionRun`).
                let run = invocation.isDryRun ? nil : try DecisionRun(deciding: "lead.screened", about: .lead, decisionName: "verdict", context: context)
                try LeadTable.bulkStatusUpdate(expectedRows: writes, in: context.database) {
                try process.stream(command.name, arguments: Record([("summary", .bool(invocation.flag("summary")))]), count: batches.count,
                                   timeout: timeout, startedAhead: startedAhead, isCancelled: context.isCancelled, prepare: { index in
                    try context.checkCancelled()
                    let batch = batches[index]
                    var reading = relation
                    reading.conditions = [.among("id", batch)]
                    let records = try reading.rows(in: context.database)
                    var names: [Int64: String] = [:]
                    for record in records {
                        if case .id(let id)? = record["id"] { names[id.number] = record["name"]?.plainText ?? "" }
                    }
                    for number in batch where names[number] == nil { throw CommandError.notFound(EntityID(.lead, number), argument: "id") }
                    namesOf[index] = names
                    return records.map(Value.record)
                }, handle: { index, answer in
                    let answers = answer.records
                    let batch = batches[index]
                    let names = namesOf.removeValue(forKey: index) ?? [:]
                    let verdicts = try check(answers, for: Set(batch), plugin: process.manifest.name)
                    var values: [SQLValue] = [], decided: [DecisionRun.Row] = []
                    for number in batch {
                        guard let name = names[number], let verdict = verdicts[number] else { continue }
                        let lead = EntityID(.lead, number)
                        counts[verdict.status.rawValue, default: 0] += 1
                        if !invocation.flag("summary") {
                            rows.append(Record([("id", .id(lead)), ("name", .string(name)), ("score", .int(verdict.score)),
                                                ("verdict", .string(verdict.status.rawValue)), ("by", .string(implementation)), ("why", .string(verdict.why))]))
                        }
                        if invocation.isDryRun { continue }
                        values += [.integer(number), .text(verdict.status.rawValue), .integer(verdict.score)]
                        decided.append(DecisionRun.Row(subject: number, decision: verdict.status.rawValue, score: verdict.score, reasons: verdict.why))
                    }
                    // A hundred updates and decisions to a statement, as the built-in screening writes them.
                    guard let run else { return }
                    try updates.execute(values: values)
                    try run.record(decided)
                })
                }
                try run?.finish("screen.ran", details: Record([("plugin", .string(pluginName))]))
            } catch let failure as PluginFailure {
                throw CommandError(failure.message + "; nothing was changed")
            }
            if invocation.flag("summary") {
                return .table(Table(columns: ["verdict", "leads", "by"], rows: ["qualified", "disqualified"].map {
                    Record([("verdict", .string($0)), ("leads", .int(counts[$0] ?? 0)), ("by", .string(implementation))])
                }))
            }
            return .table(Table(columns: columns, rows: rows))
        }
    }

    struct Verdict {
        let status: LeadStatus
        let score: Int64
        let why: String
    }

    /// Every lead sent has exactly one well-formed answer, or the plugin is wrong and nothing changes.
    static func check(_ answers: [Record], for sent: Set<Int64>, plugin: String) throws -> [Int64: Verdict] {
        var verdicts: [Int64: Verdict] = [:]
        verdicts.reserveCapacity(answers.count)
        for answer in answers {
            // One pass over the answer's fields (a million answers come through here).
            var idValue: Value?, scoreValue: Value?, verdictValue: Value?, why = ""
            for field in answer.fields {
                switch field.name {
                case "id": idValue = field.value
                case "score": scoreValue = field.value
                case "verdict": verdictValue = field.value
                case "why": if case .string(let text) = field.value { why = PluginText.capped(text) }
                default: break
                }
            }
            let lead: Int64
            switch idValue {
            case .string(let text)?:
                guard let id = EntityID(parsing: text, as: .lead) else { throw wrong(plugin, "answered for \"\(text)\", not a lead id") }
                lead = id.number
            case .id(let id)? where id.kind == .lead: lead = id.number
            default: throw wrong(plugin, "sent an answer without a lead id")
            }
            guard sent.contains(lead) else { throw wrong(plugin, "answered for L-\(lead), which it was not asked about") }
            guard verdicts[lead] == nil else { throw wrong(plugin, "answered twice for L-\(lead)") }
            guard case .int(let score)? = scoreValue, (-1_000_000...1_000_000).contains(score) else {
                throw wrong(plugin, "gave L-\(lead) a score that is not a whole number from -1000000 to 1000000")
            }
            let status: LeadStatus
            switch verdictValue {
            case .string("qualified")?: status = .qualified
            case .string("disqualified")?: status = .disqualified
            case let other: throw wrong(plugin, "gave L-\(lead) the verdict \(other?.plainText ?? "none"), not qualified or disqualified")
            }
            verdicts[lead] = Verdict(status: status, score: score, why: why)
        }
        if let missing = sent.subtracting(verdicts.keys).min() { throw wrong(plugin, "did not answer for L-\(missing)") }
        return verdicts
    }

    private static func wrong(_ plugin: String, _ what: String) -> CommandError {
        CommandError("plugin \(plugin) \(what); nothing was changed")
    }
}
