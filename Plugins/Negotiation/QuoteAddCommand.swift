#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `quote add D-N --line 'SKU x N [@ PRICE] [-N%]' ...`: a draft quote, version 1.
enum QuoteAddCommand {
    static let command = Command(CommandSignature(
        "quote add",
        summary: "Draft a quote for a deal: line items, a discount, how long it is valid and its terms.",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1.")],
        flags: [Flag("line", .string, "A line: 'SKU x QUANTITY [@ PRICE] [-N%]'; give one --line per product.", repeatable: true),
                Flag("discount", .string, "A discount on the whole quote, e.g. 8%.", default: .string("0%")),
                Flag("valid", .duration, "How long it is valid, e.g. 30day.", default: .duration(30 * 86_400)),
                Flag("terms", .string, "Payment and delivery terms to quote."),
                Flag("override", .bool, "Quote a deal that has not reached negotiation (skipping recommendation).")],
        impact: .low,
        examples: [Example("quote add D-1 --line 'GTX-PRO x 20 @ 4,821.00 CNY' --discount 8% --valid 30day --override", "A quote with one line.",
                           setup: "lead add Acme; lead qualify L-1 --force; product add GTX-PRO \"GTX Pro\" --price 4821")]).creating()) { invocation, context in
        guard let deal = invocation.id("deal") else { throw CommandError("quote add needs a deal", argument: "deal") }
        let state = try DealState.require(deal, context)
        guard state.status == "open" else { throw CommandError("\(deal) is \(state.status); only open deals are quoted", argument: "deal") }
        if state.stage != StageSlot.negotiate.rawValue, !invocation.flag("override") {
            throw CommandError("\(deal) is in \(state.stage), not negotiate: quote after a recommendation", argument: "deal",
                               hint: "deal advance \(deal), or add --override to quote anyway")
        }
        let lineTexts = invocation.list("line").map(\.plainText)
        guard !lineTexts.isEmpty else { throw CommandError("a quote needs at least one --line", argument: "line", hint: "--line 'GTX-PRO x 20'") }
        let lines = try lineTexts.map { try QuoteLine.parse($0, in: context.database) }
        let discount: Int64
        do { discount = try Percent.basisPoints(invocation.string("discount") ?? "0%") } catch let error as CommandError {
            throw CommandError(error.message, argument: "discount")
        }
        guard case .duration(let seconds)? = invocation["valid"], seconds > 0 else {
            throw CommandError("a quote must be valid for some time", argument: "valid")
        }
        let validUntil = context.clock.now.addingTimeInterval(TimeInterval(seconds))
        if invocation.isDryRun {
            context.output.line("would quote \(deal): \(lines.count) lines")
            return .null
        }
        let id = try QuoteStore.insert(deal: deal, version: 1, discount: discount, validUntil: validUntil,
                                       terms: invocation.string("terms"), lines: lines, context)
        let quote = try QuoteStore.load(id, context)
        try context.journal("quote.drafted", subject: deal, details: Record([
            ("quote", .id(id)), ("version", .int(1)), ("total", .money(try quote.totals().total)),
            ("discount", .string(Percent.text(discount))),
        ]))
        if !invocation.isValueUsed { context.output.line(try QuoteStore.summary(quote, context)) }
        return .record(Record([("id", .id(id)), ("deal", .id(deal)), ("version", .int(1)), ("status", .string("draft")),
                               ("total", .money(try quote.totals().total)), ("discount", .string(Percent.text(discount))),
                               ("valid until", .date(validUntil))]))
    }
}
