#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `objection list [D-N]`: objections, unresolved first.
enum ObjectionListCommand {
    static let command = Command(CommandSignature(
        "objection list",
        summary: "List objections, unresolved first, for one deal or all.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's objections.", optional: true)],
        examples: [Example("objection list | where resolved == false", "Open objections.")])) { invocation, _ in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        return .relation(Relation(source: "objections", columns: [
            .init("id", .id(.objection, "id")), .init("deal", .id(.deal, "deal_id")), .init("category", .text("category")),
            .init("text", .text("text")), .init("response", .text("response")), .init("resolved", .bool("resolved")),
            .init("raised", .date("raised_at")),
        ], conditions: conditions, order: "resolved, id"))
    }
}
