#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `action list [--open] [--overdue]`: the improvement actions reviews agreed on.
enum ActionListCommand {
    static let command = Command(CommandSignature(
        "action list",
        summary: "List the improvement actions reviews agreed on; --open for those not done, --overdue for open ones past due.",
        flags: [Flag("open", .bool, "Only actions not done yet."), Flag("overdue", .bool, "Only open actions past their due day.")],
        examples: [Example("action list --overdue", "What should have been done by now.")])
            .showing(["id", "action", "owner", "due", "metric", "segment", "target", "status"])) { invocation, context in
        var conditions: [Relation.Fragment] = []
        if invocation.flag("open") || invocation.flag("overdue") { conditions.append(.init("done_at IS NULL")) }
        if invocation.flag("overdue") { conditions.append(.init("due_on < ?", [.text(ReviewAction.today(context.clock.now))])) }
        return .relation(Relation(source: "review_actions", columns: ReviewAction.columns, conditions: conditions, order: "id"))
    }
}
