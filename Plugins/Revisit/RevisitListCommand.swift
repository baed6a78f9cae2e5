#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `revisit list [--due] [--overdue]`.
enum RevisitListCommand {
    static let command = Command(CommandSignature(
        "revisit list",
        summary: "List revisits; --due for those due within a week or late, --overdue for late ones.",
        flags: [Flag("due", .bool, "Only revisits due within 7 days, or late."), Flag("overdue", .bool, "Only late revisits.")],
        examples: [Example("revisit list --due", "Who to call this week.")])
            .showing(["customer", "due", "done", "outcome", "nps"]), catalog: true) { invocation, context in
        var conditions: [Relation.Fragment] = []
        if invocation.flag("due") {
            conditions.append(.init("done_on IS NULL AND due_on <= ?", [.text(Day.formatTimestamp(context.clock.now.addingTimeInterval(7 * 86_400)))]))
        }
        if invocation.flag("overdue") {
            conditions.append(.init("done_on IS NULL AND due_on < ?", [.text(Day.formatTimestamp(context.clock.now))]))
        }
        return .relation(Relation(source: "revisits", columns: [
            .init("customer", .id(.customer, "customer_id")), .init("due", .date("due_on")), .init("done", .date("done_on")),
            .init("outcome", .text("outcome")), .init("nps", .integer("nps")), .init("deal", .id(.deal, "deal_id")),
        ], conditions: conditions, order: "due_on"))
    }
}
