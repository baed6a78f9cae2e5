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
            input: .table, output: .table, impact: .low,
            examples: examples)) { invocation, context in
            var ids: [EntityID] = []
            if let id = invocation.id("id") { ids.append(id) }
            for row in invocation.input.rows ?? [] {
                guard case .id(let id)? = row["id"], id.kind == .lead else {
                    throw CommandError("lead screen expects rows with a lead id in column \"id\"")
                }
                ids.append(id)
            }
            guard !ids.isEmpty else {
                if invocation.input != .null { return .table(Table(columns: columns, rows: [])) }
                throw CommandError("lead screen needs a lead id or leads piped in", argument: "id")
            }
            let implementation = context.stage?.implementation ?? "?"
            var rows: [Record] = []
            for id in ids {
                try context.checkCancelled()
                var lead = try LeadTable.require(id, in: context.database, argument: "id")
                let score = try scorer.score(lead, context: context)
                let status: LeadStatus = score.qualifies ? .qualified : .disqualified
                let why = score.qualifies || score.reasons.isEmpty
                    ? score.explanation
                    : score.explanation + " — " + score.reasons.joined(separator: "; ")
                rows.append(Record([("id", .id(id)), ("name", .string(lead.name)), ("score", .int(Int64(score.total))),
                                    ("verdict", .string(status.rawValue)), ("by", .string(implementation)),
                                    ("why", .string(why))]))
                if invocation.isDryRun { continue }
                lead.status = status
                lead.score = score.total
                try LeadTable.update(lead, in: context.database)
                let parts = Record(score.parts.map { ($0.rule, Value.int(Int64($0.points))) })
                try context.journal("lead.screened", subject: id, details: Record([
                    ("score", .int(Int64(score.total))), ("threshold", .int(Int64(score.threshold))),
                    ("verdict", .string(status.rawValue)), ("points", .record(parts)),
                    ("reasons", .list(score.reasons.map(Value.string))),
                ]))
            }
            return .table(Table(columns: columns, rows: rows))
        }
    }

    static let columns = ["id", "name", "score", "verdict", "by", "why"]
}
