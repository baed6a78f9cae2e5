#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `quote send|accept|reject Q-N`: draft → sent → accepted or rejected.
enum QuoteTransitionCommand {
    static let send = make("send", from: ["draft"], to: "sent", summary: "Send a draft quote to the customer (large discounts need approval first).")
    static let accept = make("accept", from: ["sent"], to: "accepted", summary: "Record that the customer accepted a sent quote.")
    static let reject = make("reject", from: ["sent"], to: "rejected", summary: "Record that the customer rejected a sent quote.")

    static func make(_ verb: String, from: [String], to: String, summary: String) -> Command {
        let setup = "lead add Acme; lead qualify L-1 --force; product add A-1 Alpha --price 100; quote add D-1 --line 'A-1 x 2' --override"
            + (verb == "send" ? "" : "; quote send Q-1")
        return Command(CommandSignature(
            "quote \(verb)", summary: summary,
            positionals: [Positional("quote", .id(.quote), "The quote, e.g. Q-1.")],
            flags: verb == "reject" ? [Flag("reason", .string, "Why the customer said no.")] : [],
            output: .nothing, impact: .low,
            examples: [Example("quote \(verb) Q-1", summary, setup: setup)])) { invocation, context in
            guard let id = invocation.id("quote") else { throw CommandError("quote \(verb) needs a quote", argument: "quote") }
            let quote = try QuoteStore.load(id, context)
            guard from.contains(quote.status) else {
                throw CommandError("\(id) is \(quote.status); only a \(from.joined(separator: " or ")) quote can be \(to)", argument: "quote",
                                   hint: quote.status == "expired" ? "revise it: quote revise \(id) --valid 30day" : nil)
            }
            let limit = try QuoteStore.approvalLimit(context)
            if verb == "send", quote.approvedBy == nil, quote.largestDiscount > limit {
                throw CommandError("\(id) has a \(Percent.text(quote.largestDiscount)) discount, above the \(Percent.text(limit)) limit",
                                   argument: "quote", hint: "quote approve \(id) --by NAME")
            }
            if invocation.isDryRun {
                context.output.line("would mark \(id) \(to)")
                return .null
            }
            try context.database.execute("UPDATE quotes SET status = ?, reason = ? WHERE id = ?",
                                         [.text(to), invocation.string("reason").map { .text($0) } ?? .null, .integer(id.number)])
            if to == "accepted" {
                // The hand-off to sign, which journals the acceptance with its totals.
                try quote.accepted.record(in: context)
            } else {
                try context.journal("quote.\(to)", subject: quote.deal, details: Record([
                    ("quote", .id(id)), ("total", .money(try quote.totals().total)),
                    ("reason", invocation.string("reason").map(Value.string) ?? .null),
                ]))
            }
            context.output.line("\(id) \(to)")
            return .null
        }
    }
}
