import Foundation
import FunnelModel
import StageKit

/// `review replay screen IMPLEMENTATION`: runs another implementation of a stage over the recorded
/// history, changing nothing, and shows where its decisions differ from what happened and how those
/// cases ended — before anyone switches to it with `stage use`.
///
/// A shell command because it spans stages (like `deal advance`): it calls the other
/// implementation's own command in dry-run mode inside a savepoint that is always rolled back.
enum ReviewReplayCommand {
    /// What can be replayed: the slot, the command that decides, and the history it decides on.
    struct Replayable {
        let command: String
        let subjects: Relation
    }

    static let replayable: [String: Replayable] = [
        // Leads a decision was recorded for (qualified, converted or disqualified).
        "screen": Replayable(command: "lead screen", subjects: {
            var relation = LeadTable.relation()
            relation.conditions.append(.init("status IN ('qualified', 'converted', 'disqualified')"))
            return relation
        }()),
    ]

    static func make(registry: StageRegistry) -> EngineCommand {
        EngineCommand(CommandSignature(
            "review replay",
            summary: "Run another implementation of a stage over recorded history (nothing changes) and compare its decisions with what happened.",
            positionals: [Positional("slot", .word, "The stage slot to replay: screen."),
                          Positional("implementation", .word, "The implementation to try, e.g. predictive.")],
            flags: [Flag("differences", .bool, "Only the cases where it would have decided otherwise.")],
            output: .table,
            examples: [Example("review replay screen fit --differences", "Leads the fit scorer would have decided otherwise.",
                               setup: "lead add Acme --budget 50000 --authority yes --need 3 --timeline 30; lead screen L-1")]),
            writesAndUndoes: true) { [registry] invocation, call in
            let slotName = invocation.string("slot") ?? ""
            let name = invocation.string("implementation") ?? ""
            guard let replay = replayable[slotName] else {
                throw CommandError("\(slotName) cannot be replayed", argument: "slot", hint: "replayable: " + replayable.keys.sorted().joined(separator: ", "))
            }
            let implementations = registry.implementations(of: StageSlot(slotName))
            guard let stage = implementations.first(where: { $0.descriptor.implementation == name }) else {
                throw CommandError("no \(slotName) implementation \(name)", argument: "implementation",
                                   hint: "implementations: " + implementations.map(\.descriptor.implementation).joined(separator: ", "))
            }
            guard let command = stage.commands.first(where: { $0.name == replay.command }) else {
                throw CommandError("\(slotName) \(name) has no \(replay.command) command to replay", argument: "implementation")
            }
            let context = try call.stageContext().acting(as: stage.descriptor)
            let decisions = try context.database.savepoint(rollingBack: true) {
                try command.run(Invocation(input: .relation(replay.subjects), isDryRun: true), context)
            }
            // What happened to each lead: its recorded verdict and how its deal ended.
            var happened: [Int64: (verdict: String, outcome: String)] = [:]
            for row in try context.database.query("""
                SELECT l.id AS id, l.status AS status, d.status AS outcome FROM leads l LEFT JOIN deals d ON d.id = l.deal_id
                WHERE l.status IN ('qualified', 'converted', 'disqualified')
                """) {
                happened[row.integer("id") ?? 0] = (row.text("status") == "disqualified" ? "disqualified" : "qualified",
                                                    row.text("outcome") ?? "no deal")
            }
            var rows: [Record] = []
            var agreed = 0, total = 0
            var wouldQualify: [String: Int] = [:], wouldDisqualify: [String: Int] = [:]
            for row in decisions.rows ?? [] {
                guard case .id(let lead)? = row["id"], let past = happened[lead.number] else { continue }
                let would = row["verdict"]?.plainText ?? "?"
                total += 1
                if would == past.verdict { agreed += 1 } else if would == "qualified" { wouldQualify[past.outcome, default: 0] += 1 } else { wouldDisqualify[past.outcome, default: 0] += 1 }
                if invocation.flag("differences"), would == past.verdict { continue }
                rows.append(Record([("lead", .id(lead)), ("name", row["name"] ?? .null), ("happened", .string(past.verdict)),
                                    ("would", .string(would)), ("agrees", .bool(would == past.verdict)), ("outcome", .string(past.outcome)),
                                    ("score", row["score"] ?? .null), ("why", row["why"] ?? .null)]))
            }
            func breakdown(_ counts: [String: Int]) -> String {
                counts.isEmpty ? "" : " (" + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")"
            }
            call.output.note("\(slotName) \(name) agrees on \(agreed) of \(total) decided leads; it would have qualified "
                + "\(wouldQualify.values.reduce(0, +)) disqualified\(breakdown(wouldQualify)) and disqualified "
                + "\(wouldDisqualify.values.reduce(0, +)) qualified\(breakdown(wouldDisqualify)); nothing was changed")
            return .table(Table(columns: ["lead", "name", "happened", "would", "agrees", "outcome", "score", "why"], rows: rows))
        }
    }
}
