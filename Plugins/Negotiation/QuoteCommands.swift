import Foundation
import FunnelModel
import StageKit

/// Reading a deal's stage and status from the shared `deals` table.
enum DealState {
    static func require(_ deal: EntityID, _ context: StageContext) throws -> (stage: String, status: String) {
        guard let row = try context.database.query("SELECT stage, status FROM deals WHERE id = ?", [.integer(deal.number)]).first else {
            throw CommandError.notFound(deal, argument: "deal")
        }
        return (row.text("stage") ?? "", row.text("status") ?? "")
    }
}

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
        output: .nothing, impact: .low,
        examples: [Example("quote add D-1 --line 'GTX-PRO x 20 @ 4,821.00 CNY' --discount 8% --valid 30day --override", "A quote with one line.",
                           setup: "lead add Acme; lead qualify L-1 --force; product add GTX-PRO \"GTX Pro\" --price 4821")])) { invocation, context in
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
        context.output.line(try QuoteStore.summary(quote, context))
        return .null
    }
}

/// `quote preview Q-N`: the lines, totals, margin and when each line can ship.
enum QuotePreviewCommand {
    static let command = Command(CommandSignature(
        "quote preview",
        summary: "Show a quote's lines, totals and margin, and when each line can ship.",
        positionals: [Positional("quote", .id(.quote), "The quote, e.g. Q-1.")],
        examples: [Example("quote preview Q-1", "Totals and margin.", setup: "lead add Acme; lead qualify L-1 --force; "
                           + "product add GTX-PRO \"GTX Pro\" --price 4821 --cost 3000 --stock 5 --lead-time 14; "
                           + "quote add D-1 --line 'GTX-PRO x 20' --discount 8% --override")])) { invocation, context in
        guard let id = invocation.id("quote") else { throw CommandError("quote preview needs a quote", argument: "quote") }
        let quote = try QuoteStore.load(id, context)
        let totals = try quote.totals()
        var rows: [Record] = quote.lines.map { line in
            let ships = line.stock >= line.quantity ? context.clock.now : context.clock.now.addingTimeInterval(TimeInterval(line.leadTimeDays * 86_400))
            return Record([("line", .string(line.sku)), ("product", .string(line.name)), ("quantity", .int(line.quantity)),
                           ("unit price", .money(line.unitPrice)),
                           ("discount", line.discountBasisPoints == 0 ? .null : .string(Percent.text(line.discountBasisPoints))),
                           ("amount", line.amount.map(Value.money) ?? .null), ("ships", .date(ships))])
        }
        rows.append(Record([("line", .string("subtotal")), ("amount", .money(totals.subtotal))]))
        rows.append(Record([("line", .string("discount")), ("discount", .string(Percent.text(quote.discountBasisPoints))),
                            ("amount", .money(Money(minorUnits: -totals.discount.minorUnits, currency: totals.discount.currency)))]))
        rows.append(Record([("line", .string("total")), ("amount", .money(totals.total))]))
        if let margin = totals.margin {
            let percent = totals.total.minorUnits == 0 ? 0 : Int64(clamping: Int128(margin.minorUnits) * 10_000 / Int128(totals.total.minorUnits))
            rows.append(Record([("line", .string("margin")), ("discount", .string(Percent.text(percent))), ("amount", .money(margin))]))
        }
        return .table(Table(columns: ["line", "product", "quantity", "unit price", "discount", "amount", "ships"], rows: rows))
    }
}

/// `quote list [D-N]`: quotes, with `expired` for drafts and sent quotes past their date.
enum QuoteListCommand {
    static let command = Command(CommandSignature(
        "quote list",
        summary: "List quotes, for one deal or all; drafts and sent quotes past their date show as expired.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's quotes.", optional: true)],
        examples: [Example("quote list | where status == sent", "Quotes awaiting an answer.")])) { invocation, context in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        let now = Day.formatTimestamp(context.clock.now).replacingOccurrences(of: "'", with: "")
        return .relation(Relation(source: "quotes", columns: [
            .init("id", .id(.quote, "id")), .init("deal", .id(.deal, "deal_id")), .init("version", .integer("version")),
            .init("status", .text("CASE WHEN status IN ('draft', 'sent') AND valid_until < '\(now)' THEN 'expired' ELSE status END")),
            .init("valid until", .date("valid_until")), .init("approved by", .text("approved_by")),
        ], conditions: conditions, order: "id"))
    }
}

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
                           + "product add A-1 Alpha --price 100; quote add D-1 --line 'A-1 x 2' --override")])) { invocation, context in
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
        context.output.line(try QuoteStore.summary(quote, context))
        return .null
    }
}

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
