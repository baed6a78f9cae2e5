#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// `deal advance D-N`: moves a deal to the next stage of the lifecycle, if the stage it is in lets it
/// leave (its `exitCheck`) and the next lets it in (`entryCheck`); otherwise says what is missing.
/// A shell command because it spans stages: it asks whichever implementations are active.
enum DealAdvanceCommand {
    static func make(registry: StageRegistry) -> EngineCommand {
        EngineCommand(CommandSignature(
            "deal advance",
            summary: "Move a deal to the next lifecycle stage when its current stage's gate allows it.",
            positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1.")],
            flags: [Flag("to", .string, "A later stage to move to instead of the next one.")],
            output: .nothing, impact: .low,
            examples: [Example("deal advance D-1 --dry-run", "Check the gate without moving the deal.",
                               setup: "lead add Acme; lead qualify L-1 --force; need add D-1 reporting; deal edit D-1 --budget-confirmed yes")])) { [registry] invocation, call in
            let context = try call.stageContext()
            guard case .id(let deal)? = invocation["deal"] else { throw CommandError("deal advance needs a deal", argument: "deal") }
            guard let row = try context.database.query("SELECT stage, status FROM deals WHERE id = ?", [.integer(deal.number)]).first else {
                throw CommandError.notFound(deal, argument: "deal")
            }
            guard row.text("status") == "open" else {
                throw CommandError("\(deal) is \(row.text("status") ?? "closed"); only open deals advance", argument: "deal")
            }
            let current = StageSlot(row.text("stage") ?? "")
            guard let index = registry.slots.firstIndex(of: current) else {
                throw CommandError("\(deal) is in stage \(current), which no registered stage provides", argument: "deal")
            }
            // A deal moves through the stages up to `sign` (where `contract sign` wins it); the stages
            // after it (payment, service, revisit, analyze, review) concern customers, not deals.
            let last = registry.slots.firstIndex(of: .sign) ?? registry.slots.count - 1
            let later = index < last ? Array(registry.slots[(index + 1)...last]) : []
            var target: StageSlot? = later.first
            if let name = invocation.string("to") {
                guard let slot = later.first(where: { $0.rawValue == name }) else {
                    throw CommandError("\(name) is not a stage after \(current)", argument: "to",
                                       hint: later.isEmpty ? "\(current) is the last deal stage" : "later stages: " + later.map(\.rawValue).joined(separator: ", "))
                }
                target = slot
            }
            // Every gate on the way counts: moving two stages at once passes the one in between too.
            let path = target.map { target in Array(later.prefix { $0 != target }) + [target] } ?? []
            var from = current
            for step in path.isEmpty ? [nil] : path.map(Optional.some) {
                let leaving = registry.activeStage(of: from)
                // The slot's own gate (the hand-off the next slot needs), then the implementation's.
                var reasons = try from.handOffMissing(for: deal, in: context.database)
                for reason in try leaving?.exitCheck(.id(deal), context: context.acting(as: leaving?.descriptor)) ?? []
                where !reasons.contains(reason) { reasons.append(reason) }
                let entering = step.flatMap { registry.activeStage(of: $0) }
                reasons += try entering?.entryCheck(.id(deal), context: context.acting(as: entering?.descriptor)) ?? []
                guard reasons.isEmpty else {
                    let via = from == current ? "" : " on the way to \(target.map(\.rawValue) ?? "")"
                    throw CommandError("cannot leave \(from)\(via): " + reasons.joined(separator: "; "), argument: "deal",
                                       hint: "gate: \(from).exit (\(leaving?.descriptor.implementation ?? "?"))")
                }
                if let step { from = step }
            }
            let leaving = registry.activeStage(of: current)
            guard let target else {
                if invocation.isDryRun {
                    call.output.line("\(deal) passes the \(current) gate; no later deal stage is registered")
                    return .null
                }
                throw CommandError("\(deal) passes the \(current) gate, but \(current) is the last deal stage registered", argument: "deal")
            }
            if invocation.isDryRun {
                call.output.line("\(deal) may move \(current) → \(target)")
                return .null
            }
            try context.database.execute("UPDATE deals SET stage = ? WHERE id = ?", [.text(target.rawValue), .integer(deal.number)])
            try context.acting(as: leaving?.descriptor).journal("deal.advanced", subject: deal, details: Record([
                ("from", .string(current.rawValue)), ("to", .string(target.rawValue)),
            ]))
            call.output.line("\(deal) → \(target)")
            return .null
        }
    }
}
