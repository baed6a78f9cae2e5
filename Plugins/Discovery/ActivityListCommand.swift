#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `activity list [D-N]`: activities, newest first.
enum ActivityListCommand {
    static let command = Command(CommandSignature(
        "activity list",
        summary: "List activities, newest first, for one deal or all.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's activities.", optional: true)],
        examples: [Example("activity list D-1", "One deal's history.",
                           setup: "lead add Acme; lead qualify L-1 --force; activity add D-1 call \"first call\"")])) { invocation, context in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        return .relation(Relation(source: "activities", columns: [
            .init("id", .id(.activity, "id")), .init("deal", .id(.deal, "deal_id")), .init("kind", .text("kind")),
            .init("summary", .text("summary")), .init("on", .date("occurred_on")), .init("with", .text("participants")),
            .init("by", .text("actor")),
        ], conditions: conditions, order: "occurred_on DESC, id DESC"))
    }
}
