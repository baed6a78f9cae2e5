#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `quote preview Q-N`: the lines, totals, margin and when each line can ship. With lines piped in
/// instead (`deal`, `product`, `quantity` each), the quote this implementation would make for them:
/// negotiate's deciding verb, which `review replay negotiate` asks every implementation (docs/architecture.md).
enum QuotePreviewCommand {
    /// The columns of the answer, shared by every negotiate implementation's `quote preview`.
    static let columns = ["line", "product", "quantity", "unit price", "discount", "amount", "ships"]

    static let command = Command(CommandSignature(
        "quote preview",
        summary: "Show a quote's lines, totals and margin, and when each line can ship; or the quote it would make for lines piped in.",
        positionals: [Positional("quote", .id(.quote), "The quote, e.g. Q-1; or pipe in lines (deal, product, quantity) to price.", optional: true)],
        input: .table,
        examples: [Example("quote preview Q-1", "Totals and margin.", setup: "lead add Acme; lead qualify L-1 --force; "
                           + "product add GTX-PRO \"GTX Pro\" --price 4821 --cost 3000 --stock 5 --lead-time 14; "
                           + "quote add D-1 --line 'GTX-PRO x 20' --discount 8% --override"),
                   Example("[{deal: D-1, product: PR-1, quantity: 20}] | quote preview", "The quote it would make: list prices, no discount.",
                           setup: "lead add Acme; lead qualify L-1 --force; product add GTX-PRO \"GTX Pro\" --price 4821 --cost 3000")])) { invocation, context in
        if let id = invocation.id("quote") {
            return try table(QuoteStore.load(id, context), context)
        }
        guard let piped = invocation.input.rows, !piped.isEmpty else {
            throw CommandError("quote preview needs a quote, or lines piped in", argument: "quote",
                               hint: "quote preview Q-1, or [{deal: D-1, product: PR-1, quantity: 20}] | quote preview")
        }
        return try table(wouldQuote(piped, context), context)
    }

    /// The quote the built-in negotiation would draft for the lines piped in, as `quote add` drafts one
    /// without prices or discounts: each product at its list price, no discount. Nothing is stored.
    static func wouldQuote(_ piped: [Record], _ context: StageContext) throws -> Quote {
        var deal: EntityID?
        var lines: [QuoteLine] = []
        for (index, row) in piped.enumerated() {
            let place = "quote preview: line \(index + 1)"
            let lineDeal = try id(row, "deal", .deal, place)
            if let deal, deal != lineDeal {
                throw CommandError("\(place) is for \(lineDeal), the lines before for \(deal): one quote is for one deal", argument: "quote")
            }
            deal = lineDeal
            guard case .int(let quantity)? = row["quantity"], quantity > 0 else {
                throw CommandError("\(place): quantity must be a whole number of 1 or more", argument: "quote")
            }
            lines.append(try QuoteLine.listed(try id(row, "product", .product, place), quantity: quantity, in: context.database))
        }
        return Quote(id: EntityID(.quote, 0), deal: deal ?? EntityID(.deal, 0), version: 1, status: "preview", discountBasisPoints: 0,
                     validUntil: context.clock.now.addingTimeInterval(30 * 86_400), terms: nil, approvedBy: nil, lines: lines)
    }

    static func id(_ row: Record, _ field: String, _ kind: EntityKind, _ place: String) throws -> EntityID {
        switch row[field] {
        case .id(let id)? where id.kind == kind: return id
        case .string(let text)?:
            if let id = EntityID(parsing: text, as: kind) { return id }
        default: break
        }
        throw CommandError("\(place): \(field) must be a \(kind.noun) id such as \(kind.prefix)-1", argument: "quote")
    }

    static func table(_ quote: Quote, _ context: StageContext) throws -> Value {
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
        return .table(Table(columns: columns, rows: rows))
    }
}
