#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `ticket list [--overdue] [--breached]`.
enum TicketListCommand {
    static let command = Command(CommandSignature(
        "ticket list",
        summary: "List tickets; --overdue for open ones past due, --breached for those resolved late.",
        flags: [Flag("overdue", .bool, "Only unresolved tickets past their due time."),
                Flag("breached", .bool, "Only tickets resolved after their due time.")],
        examples: [Example("ticket list --overdue", "Tickets breaking their service level now.")])
            .showing(["id", "customer", "priority", "summary", "status", "due"]), catalog: true) { invocation, context in
        var conditions: [Relation.Fragment] = []
        let now = Day.formatTimestamp(context.clock.now)
        if invocation.flag("overdue") { conditions.append(.init("status IN ('open', 'in-progress') AND due_at < ?", [.text(now)])) }
        if invocation.flag("breached") { conditions.append(.init("resolved_at IS NOT NULL AND resolved_at > due_at")) }
        return .relation(Relation(source: "tickets", columns: [
            .init("id", .id(.ticket, "id")), .init("customer", .id(.customer, "customer_id")), .init("contract", .id(.contract, "contract_id")),
            .init("kind", .text("kind")), .init("priority", .text("priority")), .init("summary", .text("summary")),
            .init("status", .text("status")), .init("opened", .date("opened_at")), .init("due", .date("due_at")),
            .init("resolved", .date("resolved_at")), .init("satisfaction", .integer("satisfaction")),
        ], conditions: conditions, order: "id"))
    }
}
