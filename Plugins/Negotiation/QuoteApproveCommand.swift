#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `quote approve Q-N --by NAME`: approval of a discount above the limit.
enum QuoteApproveCommand {
    static let command = Command(CommandSignature(
        "quote approve",
        summary: "Approve a quote whose discount is above the limit (negotiate.discount.limit).",
        positionals: [Positional("quote", .id(.quote), "The quote, e.g. Q-1.")],
        flags: [Flag("by", .string, "Who approves it.")],
        output: .nothing, impact: .low,
        examples: [Example("quote approve Q-1 --by manager", "Approve a 15% discount.", setup: "lead add Acme; lead qualify L-1 --force; "
                           + "product add A-1 Alpha --price 100; quote add D-1 --line 'A-1 x 2' --discount 15% --override")])) { invocation, context in
        guard let id = invocation.id("quote") else { throw CommandError("quote approve needs a quote", argument: "quote") }
        guard let approver = invocation.string("by")?.trimmingSpaces, !approver.isEmpty else {
            throw CommandError("say who approves: --by NAME", argument: "by")
        }
        let quote = try QuoteStore.load(id, context)
        guard quote.status == "draft" else { throw CommandError("\(id) is \(quote.status); only drafts are approved", argument: "quote") }
        if invocation.isDryRun {
            context.output.line("would approve \(id) by \(approver)")
            return .null
        }
        try context.database.execute("UPDATE quotes SET approved_by = ? WHERE id = ?", [.text(approver), .integer(id.number)])
        try context.journal("quote.approved", subject: quote.deal, details: Record([("quote", .id(id)), ("by", .string(approver)),
                                                                                   ("discount", .string(Percent.text(quote.largestDiscount)))]))
        context.output.line("\(id) approved by \(approver)")
        return .null
    }
}
