#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// A quote as stored, with its lines and what it comes to.
struct Quote {
    let id: EntityID
    let deal: EntityID
    let version: Int64
    /// The stored status, or `expired` for a draft or sent quote past its validity.
    let status: String
    let discountBasisPoints: Int64
    let validUntil: Date
    let terms: String?
    let approvedBy: String?
    let lines: [QuoteLine]

    struct Totals {
        let subtotal: Money
        let discount: Money
        let total: Money
        /// What the goods cost us, when every line's product has a cost.
        let cost: Money?
        var margin: Money? { cost.map { Money(minorUnits: total.minorUnits - $0.minorUnits, currency: total.currency) } }
    }

    /// The amounts as the hand-off to sign computes them (`AcceptedQuote`: one rule for every
    /// negotiate implementation), and what the goods cost.
    func totals() throws -> Totals {
        let subtotal = try accepted.subtotal(), total = try accepted.total()
        var cost: Money? = Money(minorUnits: 0, currency: subtotal.currency)
        for line in lines {
            if let unitCost = line.unitCost, let current = cost {
                let (lineCost, overflow) = unitCost.minorUnits.multipliedReportingOverflow(by: line.quantity)
                cost = overflow ? nil : Money(minorUnits: current.minorUnits + lineCost, currency: subtotal.currency)
            } else {
                cost = nil
            }
        }
        return Totals(subtotal: subtotal, discount: Money(minorUnits: subtotal.minorUnits - total.minorUnits, currency: subtotal.currency),
                      total: total, cost: cost)
    }

    /// The quote as the hand-off to sign, once the customer accepted it.
    var accepted: AcceptedQuote {
        AcceptedQuote(quote: id, deal: deal, lines: lines.map {
            AcceptedQuote.Line(product: EntityID(.product, $0.productID), quantity: $0.quantity, unitPrice: $0.unitPrice,
                               discountBasisPoints: $0.discountBasisPoints)
        }, discountBasisPoints: discountBasisPoints, validUntil: validUntil)
    }

    /// The largest discount on the quote, its own or a line's.
    var largestDiscount: Int64 { max(discountBasisPoints, lines.map(\.discountBasisPoints).max() ?? 0) }
}

enum QuoteStore {
    static func load(_ id: EntityID, _ context: StageContext, argument: String = "quote") throws -> Quote {
        guard let row = try context.database.query("SELECT * FROM quotes WHERE id = ?", [.integer(id.number)]).first else {
            throw CommandError.notFound(id, argument: argument)
        }
        let lines = try context.database.query(
            "SELECT l.*, p.sku, p.name, p.cost_minor, p.stock, p.lead_time_days FROM quote_lines l JOIN products p ON p.id = l.product_id "
                + "WHERE l.quote_id = ? ORDER BY l.position", [.integer(id.number)]).map { line -> QuoteLine in
            let currency = line.text("currency").flatMap(Currency.init(code:)) ?? .cny
            return QuoteLine(productID: line.integer("product_id") ?? 0, sku: line.text("sku") ?? "", name: line.text("name") ?? "",
                             quantity: line.integer("quantity") ?? 0,
                             unitPrice: Money(minorUnits: line.integer("unit_price_minor") ?? 0, currency: currency),
                             discountBasisPoints: line.integer("discount_bp") ?? 0,
                             unitCost: line.integer("cost_minor").map { Money(minorUnits: $0, currency: currency) },
                             stock: line.integer("stock") ?? 0, leadTimeDays: line.integer("lead_time_days") ?? 0)
        }
        let validUntil = row.text("valid_until").flatMap { try? Day.parse($0) } ?? context.clock.now
        var status = row.text("status") ?? "draft"
        if (status == "draft" || status == "sent") && validUntil < context.clock.now { status = "expired" }
        return Quote(id: id, deal: EntityID(.deal, row.integer("deal_id") ?? 0), version: row.integer("version") ?? 1,
                     status: status, discountBasisPoints: row.integer("discount_bp") ?? 0, validUntil: validUntil,
                     terms: row.text("terms"), approvedBy: row.text("approved_by"), lines: lines)
    }

    static func insert(deal: EntityID, version: Int64, discount: Int64, validUntil: Date, terms: String?, lines: [QuoteLine],
                       _ context: StageContext) throws -> EntityID {
        // Quote ids are the contract's, shared with every negotiate implementation (`QuoteIDs`): a new
        // quote takes the next id no quote of any kind has had.
        let next = try QuoteIDs.next(in: context.database).number
        try context.database.execute(
            "INSERT INTO quotes (id, deal_id, version, status, discount_bp, valid_until, terms, created_at) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?)",
            [.integer(next), .integer(deal.number), .integer(version), .integer(discount), .text(Day.formatTimestamp(validUntil)),
             terms.map { .text($0) } ?? .null, .text(Day.formatTimestamp(context.clock.now))])
        let id = EntityID(.quote, next)
        for (position, line) in lines.enumerated() {
            try context.database.execute(
                "INSERT INTO quote_lines (quote_id, position, product_id, quantity, unit_price_minor, currency, discount_bp) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [.integer(id.number), .integer(Int64(position + 1)), .integer(line.productID), .integer(line.quantity),
                 .integer(line.unitPrice.minorUnits), .text(line.unitPrice.currency.code), .integer(line.discountBasisPoints)])
        }
        return id
    }

    static let approvalLimitSetting = Setting("negotiate.discount.limit", "Discounts above this need quote approve.", default: "10%") { text in
        (try? Percent.basisPoints(text)) == nil ? "\"\(text)\" is not a percentage, e.g. 10%" : nil
    }

    /// Discounts above this need `quote approve` (`negotiate.discount.limit`, default 10%).
    static func approvalLimit(_ context: StageContext) throws -> Int64 {
        guard let text = try context.setting("negotiate.discount.limit") else { return 1000 }
        do { return try Percent.basisPoints(text) } catch {
            throw CommandError("setting negotiate.discount.limit is \"\(text)\", not a percentage", hint: "config set negotiate.discount.limit 10%")
        }
    }

    /// One line about a quote: `Q-1 (D-1 v1, draft): 88,706.40 CNY, valid until 2026-03-02 · needs approval`.
    static func summary(_ quote: Quote, _ context: StageContext) throws -> String {
        let totals = try quote.totals()
        var text = "\(quote.id) (\(quote.deal) v\(quote.version), \(quote.status)): \(totals.total), valid until \(Day.format(quote.validUntil))"
        if quote.approvedBy == nil, quote.largestDiscount > (try approvalLimit(context)) {
            text += " · needs approval (discount \(Percent.text(quote.largestDiscount)) above \(Percent.text(try approvalLimit(context))))"
        }
        return text
    }
}
