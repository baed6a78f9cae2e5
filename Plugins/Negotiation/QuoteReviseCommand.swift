#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `quote revise Q-N`: a new version of a quote (the old one is superseded), with new lines, discount or validity.
enum QuoteReviseCommand {
    static let command = Command(CommandSignature(
        "quote revise",
        summary: "Make a new version of a quote with other lines, discount or validity; the old one is superseded.",
        positionals: [Positional("quote", .id(.quote), "The quote, e.g. Q-1.")],
        flags: [Flag("line", .string, "Replace the lines: 'SKU x QUANTITY [@ PRICE] [-N%]', one --line each.", repeatable: true),
                Flag("discount", .string, "A new discount on the whole quote."),
                Flag("valid", .duration, "Valid this long from now.")],
        output: .nothing, impact: .low,
        examples: [Example("quote revise Q-1 --discount 5%", "A smaller discount.", setup: "lead add Acme; lead qualify L-1 --force; "
                           + "product add A-1 Alpha --price 100; quote add D-1 --line 'A-1 x 2' --override")]).creating()) { invocation, context in
        guard let id = invocation.id("quote") else { throw CommandError("quote revise needs a quote", argument: "quote") }
        let old = try QuoteStore.load(id, context)
        guard ["draft", "sent", "expired", "rejected"].contains(old.status) else {
            throw CommandError("\(id) is \(old.status) and cannot be revised", argument: "quote")
        }
        let lineTexts = invocation.list("line").map(\.plainText)
        let lines = lineTexts.isEmpty ? old.lines : try lineTexts.map { try QuoteLine.parse($0, in: context.database) }
        var discount = old.discountBasisPoints
        if let text = invocation.string("discount") {
            do { discount = try Percent.basisPoints(text) } catch let error as CommandError { throw CommandError(error.message, argument: "discount") }
        }
        var validUntil = max(old.validUntil, context.clock.now.addingTimeInterval(30 * 86_400))
        if case .duration(let seconds)? = invocation["valid"] { validUntil = context.clock.now.addingTimeInterval(TimeInterval(seconds)) }
        let version = (try context.database.query("SELECT max(version) AS v FROM quotes WHERE deal_id = ?",
                                                  [.integer(old.deal.number)]).first?.integer("v") ?? old.version) + 1
        if invocation.isDryRun {
            context.output.line("would make version \(version) of \(id)")
            return .null
        }
        try context.database.execute("UPDATE quotes SET status = 'superseded' WHERE id = ?", [.integer(id.number)])
        let new = try QuoteStore.insert(deal: old.deal, version: version, discount: discount, validUntil: validUntil,
                                        terms: old.terms, lines: lines, context)
        let quote = try QuoteStore.load(new, context)
        try context.journal("quote.revised", subject: old.deal, details: Record([
            ("quote", .id(new)), ("supersedes", .id(id)), ("version", .int(version)), ("total", .money(try quote.totals().total)),
        ]))
        if !invocation.isValueUsed { context.output.line(try QuoteStore.summary(quote, context)) }
        return .record(Record([("id", .id(new)), ("deal", .id(old.deal)), ("version", .int(version)), ("status", .string("draft")),
                               ("total", .money(try quote.totals().total)), ("discount", .string(Percent.text(discount))),
                               ("valid until", .date(validUntil)), ("supersedes", .id(id))]))
    }
}
