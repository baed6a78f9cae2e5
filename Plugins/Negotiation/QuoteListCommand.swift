#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `quote list [D-N]`: quotes, with `expired` for drafts and sent quotes past their date.
enum QuoteListCommand {
    static let command = Command(CommandSignature(
        "quote list",
        summary: "List quotes, for one deal or all; drafts and sent quotes past their date show as expired.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's quotes.", optional: true)],
        examples: [Example("quote list | where status == sent", "Quotes awaiting an answer.")])
            .showing(["id", "deal", "version", "status", "valid until"])) { invocation, context in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        let now = Day.formatTimestamp(context.clock.now).replacing("'", with: "")
        return .relation(Relation(source: "quotes", columns: [
            .init("id", .id(.quote, "id")), .init("deal", .id(.deal, "deal_id")), .init("version", .integer("version")),
            .init("status", .text("CASE WHEN status IN ('draft', 'sent') AND valid_until < '\(now)' THEN 'expired' ELSE status END")),
            .init("valid until", .date("valid_until")), .init("approved by", .text("approved_by")),
        ], conditions: conditions, order: "id"))
    }
}
