import Foundation
import FunnelModel
import StageKit

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
