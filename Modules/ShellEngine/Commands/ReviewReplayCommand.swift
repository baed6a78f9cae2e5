import Foundation
import FunnelModel
import StageKit

/// `review replay SLOT IMPLEMENTATION`: runs another implementation of a slot over the recorded
/// decisions (`Decision`: screen's verdicts, recommend's first products, payment's dunning levels), changing nothing, and shows
/// where its decisions differ from what happened and how those cases ended — before anyone switches
/// to it with `stage use`.
///
/// A shell command because it spans stages (like `deal advance`): it calls the other
/// implementation's own command in dry-run mode inside a savepoint that is always rolled back.
enum ReviewReplayCommand {
    /// The command that decides in each replayable slot (`Decision.recordedSlots`).
    static let deciding: [StageSlot: String] = [.screen: "lead screen", .recommend: "deal recommend", .payment: "invoice remind"]

    static func make(registry: StageRegistry) -> EngineCommand {
        EngineCommand(CommandSignature(
            "review replay",
            summary: "Run another implementation of a stage over recorded history (nothing changes) and compare its decisions with what happened.",
            positionals: [Positional("slot", .word, "The stage slot to replay: screen, recommend or payment."),
                          Positional("implementation", .word, "The implementation to try, e.g. predictive.")],
            flags: [Flag("differences", .bool, "Only the cases where it would have decided otherwise.")],
            output: .table,
            examples: [Example("review replay screen fit --differences", "Leads the fit scorer would have decided otherwise.",
                               setup: "lead add Acme --budget 50000 --authority yes --need 3 --timeline 30; lead screen L-1")]),
            writesAndUndoes: true) { [registry] invocation, call in
            let slotName = invocation.string("slot") ?? ""
            let name = invocation.string("implementation") ?? ""
            let slot = StageSlot(slotName)
            guard let deciding = deciding[slot] else {
                throw CommandError("\(slotName) cannot be replayed", argument: "slot",
                                   hint: "replayable: " + Decision.recordedSlots.map(\.rawValue).joined(separator: ", "))
            }
            let implementations = registry.implementations(of: slot)
            guard let stage = implementations.first(where: { $0.descriptor.implementation == name }) else {
                throw CommandError("no \(slotName) implementation \(name)", argument: "implementation",
                                   hint: "implementations: " + implementations.map(\.descriptor.implementation).joined(separator: ", "))
            }
            guard let command = stage.commands.first(where: { $0.name == deciding }) else {
                throw CommandError("\(slotName) \(name) has no \(deciding) command to replay", argument: "implementation")
            }
            let context = try call.stageContext().acting(as: stage.descriptor)
            let history = try Decision.recorded(in: slot, database: context.database)
            let differencesOnly = invocation.flag("differences")
            if slot == .payment {
                return try dunning(command, history, name: name, differencesOnly: differencesOnly, registry: registry, context: context, call: call)
            }
            if slot == .screen { return try screening(command, history, name: name, differencesOnly: differencesOnly, context: context, call: call) }
            return try recommendation(command, history, name: name, differencesOnly: differencesOnly, context: context, call: call)
        }
    }

    /// Every decided lead screened again (a dry run, in a savepoint rolled back), beside its verdict.
    static func screening(_ command: Command, _ history: [Decision], name: String, differencesOnly: Bool, context: StageContext,
                          call: CallContext) throws -> Value {
        var subjects = LeadTable.relation()
        subjects.conditions.append(.init("status IN ('qualified', 'converted', 'disqualified')"))
        let decisions = try context.database.savepoint(rollingBack: true) {
            try command.run(Invocation(input: .relation(subjects), isDryRun: true), context)
        }
        // What happened to each lead: its recorded verdict and how its deal ended.
        let outcomes = try context.database.query("SELECT l.id AS id, d.status AS outcome FROM leads l JOIN deals d ON d.id = l.deal_id")
        var outcome: [Int64: String] = [:]
        for row in outcomes { outcome[row.integer("id") ?? 0] = row.text("outcome") }
        var happened: [Int64: String] = [:]
        for decision in history { happened[decision.subject.number] = decision.decision }
        var rows: [Record] = []
        var agreed = 0, total = 0
        var wouldQualify: [String: Int] = [:], wouldDisqualify: [String: Int] = [:]
        for row in decisions.rows ?? [] {
            guard case .id(let lead)? = row["id"], let past = happened[lead.number] else { continue }
            let ended = outcome[lead.number] ?? "no deal"
            let would = row["verdict"]?.plainText ?? "?"
            total += 1
            if would == past { agreed += 1 } else if would == "qualified" { wouldQualify[ended, default: 0] += 1 } else { wouldDisqualify[ended, default: 0] += 1 }
            if differencesOnly, would == past { continue }
            rows.append(Record([("lead", .id(lead)), ("name", row["name"] ?? .null), ("happened", .string(past)),
                                ("would", .string(would)), ("agrees", .bool(would == past)), ("outcome", .string(ended)),
                                ("score", row["score"] ?? .null), ("why", row["why"] ?? .null)]))
        }
        call.output.note("screen \(name) agrees on \(agreed) of \(total) decided leads; it would have qualified "
            + "\(wouldQualify.values.reduce(0, +)) disqualified\(breakdown(wouldQualify)) and disqualified "
            + "\(wouldDisqualify.values.reduce(0, +)) qualified\(breakdown(wouldDisqualify)); nothing was changed")
        return .table(Table(columns: ["lead", "name", "happened", "would", "agrees", "outcome", "score", "why"], rows: rows))
    }

    /// Every deal proposals were made for, asked again for its first product (dry runs, in a savepoint
    /// rolled back), beside the first product proposed last time and how the deal ended.
    static func recommendation(_ command: Command, _ history: [Decision], name: String, differencesOnly: Bool, context: StageContext,
                               call: CallContext) throws -> Value {
        var rows: [Record] = []
        var agreed = 0, won = 0, wonAgreed = 0
        try context.database.savepoint(rollingBack: true) {
            for decision in history {
                try context.checkCancelled()
                let deal = decision.subject
                var would = "(none)", why: Value = .null
                do {
                    let result = try command.run(Invocation(arguments: ["deal": .id(deal), "limit": .int(1)], isDryRun: true), context)
                    if let first = result.rows?.first {
                        would = first["sku"]?.plainText ?? "?"
                        why = first["fits"] ?? .null
                    }
                } catch let error as CommandError {
                    why = .string(error.message)
                }
                let outcome = try context.database.query("SELECT status FROM deals WHERE id = ?", [.integer(deal.number)]).first?.text("status") ?? "?"
                let agrees = would == decision.decision
                if agrees { agreed += 1 }
                if outcome == "won" { won += 1; if agrees { wonAgreed += 1 } }
                if differencesOnly, agrees { continue }
                rows.append(Record([("deal", .id(deal)), ("happened", .string(decision.decision)), ("by", .string(decision.implementation)),
                                    ("would", .string(would)), ("agrees", .bool(agrees)), ("outcome", .string(outcome)), ("why", why)]))
            }
        }
        call.output.note("recommend \(name) proposes the same first product for \(agreed) of \(history.count) deals "
            + "(\(wonAgreed) of the \(won) won); nothing was changed")
        return .table(Table(columns: ["deal", "happened", "by", "would", "agrees", "outcome", "why"], rows: rows))
    }

    static func breakdown(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "" : " (" + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")"
    }
}
