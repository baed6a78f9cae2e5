#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `contract cancel K-N --reason TEXT`: the contract ends; the deal is lost with that reason.
enum ContractCancelCommand {
    static let command = Command(CommandSignature(
        "contract cancel",
        summary: "Cancel a signed contract, with a reason; the deal is marked lost.",
        positionals: [Positional("contract", .id(.contract), "The contract, e.g. K-1.")],
        flags: [Flag("reason", .string, "Why it was cancelled.")],
        output: .nothing, impact: .high,
        examples: [Example("contract list | where status == cancelled", "Cancelled contracts.")])) { invocation, context in
        guard let id = invocation.id("contract") else { throw CommandError("contract cancel needs a contract", argument: "contract") }
        let row = try ContractTable.require(id, context)
        guard row.text("status") == "signed" else { throw CommandError("\(id) is \(row.text("status") ?? "?"); only a signed contract is cancelled", argument: "contract") }
        guard let reason = invocation.string("reason")?.trimmingSpaces, !reason.isEmpty else {
            throw CommandError("a cancellation needs a reason: --reason TEXT", argument: "reason")
        }
        if invocation.isDryRun {
            context.output.line("would cancel \(id): \(reason)")
            return .null
        }
        let deal = EntityID(.deal, row.integer("deal_id") ?? 0)
        try context.database.execute("UPDATE contracts SET status = 'cancelled', reason = ? WHERE id = ?", [.text(reason), .integer(id.number)])
        try context.database.execute("UPDATE deals SET status = 'lost', lost_reason = ?, closed_at = ? WHERE id = ?",
                                     [.text("contract cancelled: \(reason)"), .text(Day.formatTimestamp(context.clock.now)), .integer(deal.number)])
        try context.journal("contract.cancelled", subject: deal, details: Record([("contract", .id(id)), ("reason", .string(reason))]))
        context.output.line("\(id) cancelled · \(deal) lost: \(reason)")
        return .null
    }
}
