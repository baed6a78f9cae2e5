#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// The hand-off from `negotiate` to `sign`: a quote the customer accepted, with its lines and what it
/// comes to. Whatever implementation negotiates records one when a quote is accepted; whatever
/// implementation signs makes its contract from it, without reading the negotiating stage's tables.
///
/// Stored in the core tables `accepted_quotes` and `accepted_quote_lines`. `record(in:)` checks it and
/// journals `quote.accepted` on its deal.
public struct AcceptedQuote: Sendable, Equatable {
    /// One line: a product, how many, at what unit price, less a line discount.
    public struct Line: Sendable, Equatable {
        public var product: EntityID
        public var quantity: Int64
        public var unitPrice: Money
        /// The line's discount in basis points (500 = 5%).
        public var discountBasisPoints: Int64

        public init(product: EntityID, quantity: Int64, unitPrice: Money, discountBasisPoints: Int64 = 0) {
            self.product = product
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.discountBasisPoints = discountBasisPoints
        }

        /// Quantity times unit price, less the line discount (half to even), or nil on overflow.
        public var amount: Money? {
            let (gross, overflow) = unitPrice.minorUnits.multipliedReportingOverflow(by: quantity)
            guard !overflow else { return nil }
            return Money(minorUnits: gross, currency: unitPrice.currency).scaled(by: 10_000 - discountBasisPoints, over: 10_000)
        }
    }

    public var quote: EntityID
    public var deal: EntityID
    public var lines: [Line]
    /// The discount on the whole quote, in basis points, after the lines' own.
    public var discountBasisPoints: Int64
    /// Until when the accepted prices hold.
    public var validUntil: Date

    public init(quote: EntityID, deal: EntityID, lines: [Line], discountBasisPoints: Int64 = 0, validUntil: Date) {
        self.quote = quote
        self.deal = deal
        self.lines = lines
        self.discountBasisPoints = discountBasisPoints
        self.validUntil = validUntil
    }

    /// The sum of the lines' amounts.
    public func subtotal() throws -> Money {
        guard let currency = lines.first?.unitPrice.currency else { throw CommandError("\(quote) has no lines") }
        var sum = Money(minorUnits: 0, currency: currency)
        for line in lines {
            guard line.unitPrice.currency == currency else {
                throw CommandError("\(quote) mixes currencies (\(currency.code) and \(line.unitPrice.currency.code))")
            }
            guard let amount = line.amount, let next = try? sum.adding(amount) else { throw CommandError("\(quote): the amount is too large") }
            sum = next
        }
        return sum
    }

    /// The subtotal less the quote's discount (half to even): what the customer agreed to pay.
    public func total() throws -> Money {
        guard let total = try subtotal().scaled(by: 10_000 - discountBasisPoints, over: 10_000) else {
            throw CommandError("\(quote): the amount is too large")
        }
        return total
    }

    /// Checks the quote (lines of existing products with positive quantities and prices in one currency,
    /// discounts from 0 to 100%, an open deal, still valid, not recorded before), stores it and journals `quote.accepted` on the
    /// deal with its totals. Its id is noted as used (`QuoteIDs.taken`), so no implementation numbers
    /// another quote with it; a quote without an id of its own takes `QuoteIDs.next(in:)` first.
    public func record(in context: StageContext) throws {
        guard quote.kind == .quote, deal.kind == .deal else { throw CommandError("an accepted quote needs a quote id and a deal id") }
        if let slot = context.stage?.slot, slot != .negotiate {
            throw CommandError("an accepted quote is negotiate's hand-off; \(slot) cannot record one")
        }
        guard !lines.isEmpty else { throw CommandError("\(quote) has no lines") }
        for line in lines {
            guard line.product.kind == .product else { throw CommandError("\(quote): \(line.product) is not a product") }
            guard line.quantity > 0 else { throw CommandError("\(quote): \(line.product) has quantity \(line.quantity); it must be at least 1") }
            guard line.unitPrice.minorUnits >= 0 else { throw CommandError("\(quote): \(line.product) has a negative price") }
            guard (0...10_000).contains(line.discountBasisPoints) else { throw CommandError("\(quote): a line discount must be 0 to 100%") }
        }
        guard (0...10_000).contains(discountBasisPoints) else { throw CommandError("\(quote): the discount must be 0 to 100%") }
        let subtotal = try subtotal(), total = try total()
        let database = context.database
        guard let status = try database.query("SELECT status FROM deals WHERE id = ?", [.integer(deal.number)]).first?.text("status") else {
            throw CommandError.notFound(deal)
        }
        guard status == "open" else { throw CommandError("\(deal) is \(status); only an open deal accepts a quote") }
        guard validUntil >= context.clock.now else {
            throw CommandError("\(quote) expired on \(Day.format(validUntil)); an accepted quote must still be valid")
        }
        for product in Set(lines.map(\.product)).sorted()
        where try database.query("SELECT 1 FROM products WHERE id = ?", [.integer(product.number)]).isEmpty {
            throw CommandError.notFound(product)
        }
        guard try database.query("SELECT 1 FROM accepted_quotes WHERE quote_id = ?", [.integer(quote.number)]).isEmpty else {
            throw CommandError("\(quote) is already accepted")
        }
        try database.execute(
            "INSERT INTO accepted_quotes (quote_id, deal_id, discount_bp, subtotal_minor, total_minor, currency, valid_until, accepted_at, implementation) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.integer(quote.number), .integer(deal.number), .integer(discountBasisPoints), .integer(subtotal.minorUnits),
             .integer(total.minorUnits), .text(total.currency.code), .text(Day.formatTimestamp(validUntil)),
             .text(Day.formatTimestamp(context.clock.now)), .text(context.stage?.implementation ?? "")])
        for (position, line) in lines.enumerated() {
            try database.execute(
                "INSERT INTO accepted_quote_lines (quote_id, position, product_id, quantity, unit_price_minor, discount_bp, amount_minor) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [.integer(quote.number), .integer(Int64(position + 1)), .integer(line.product.number), .integer(line.quantity),
                 .integer(line.unitPrice.minorUnits), .integer(line.discountBasisPoints), .integer(line.amount?.minorUnits ?? 0)])
        }
        try QuoteIDs.taken(quote, in: database)
        try context.journal("quote.accepted", subject: deal, details: Record([
            ("quote", .id(quote)), ("subtotal", .money(subtotal)), ("discount", .int(discountBasisPoints)), ("total", .money(total)),
            ("lines", .int(Int64(lines.count))),
        ]))
    }

    /// The accepted quote `quote`, or nil when no quote of that id was accepted.
    public static func find(_ quote: EntityID, in database: any SQLDatabase) throws -> AcceptedQuote? {
        guard let row = try database.query("SELECT * FROM accepted_quotes WHERE quote_id = ?", [.integer(quote.number)]).first,
              let currency = row.text("currency").flatMap(Currency.init(code:)) else { return nil }
        let lines = try database.query("SELECT * FROM accepted_quote_lines WHERE quote_id = ? ORDER BY position", [.integer(quote.number)]).map {
            Line(product: EntityID(.product, $0.integer("product_id") ?? 0), quantity: $0.integer("quantity") ?? 0,
                 unitPrice: Money(minorUnits: $0.integer("unit_price_minor") ?? 0, currency: currency),
                 discountBasisPoints: $0.integer("discount_bp") ?? 0)
        }
        return AcceptedQuote(quote: quote, deal: EntityID(.deal, row.integer("deal_id") ?? 0), lines: lines,
                             discountBasisPoints: row.integer("discount_bp") ?? 0,
                             validUntil: row.text("valid_until").flatMap { try? Day.parse($0) } ?? Date(timeIntervalSince1970: 0))
    }

    /// How many quotes of `deal` were accepted.
    public static func count(of deal: EntityID, in database: any SQLDatabase) throws -> Int64 {
        try database.query("SELECT count(*) AS n FROM accepted_quotes WHERE deal_id = ?", [.integer(deal.number)]).first?.integer("n") ?? 0
    }

    /// The core tables, and an index to find a deal's accepted quotes (core migration v14).
    static let schema = [
        """
        CREATE TABLE accepted_quotes (
            quote_id INTEGER PRIMARY KEY,
            deal_id INTEGER NOT NULL REFERENCES deals(id),
            discount_bp INTEGER NOT NULL DEFAULT 0,
            subtotal_minor INTEGER NOT NULL,
            total_minor INTEGER NOT NULL,
            currency TEXT NOT NULL,
            valid_until TEXT NOT NULL,
            accepted_at TEXT NOT NULL,
            implementation TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE accepted_quote_lines (
            quote_id INTEGER NOT NULL REFERENCES accepted_quotes(quote_id),
            position INTEGER NOT NULL,
            product_id INTEGER NOT NULL REFERENCES products(id),
            quantity INTEGER NOT NULL,
            unit_price_minor INTEGER NOT NULL,
            discount_bp INTEGER NOT NULL DEFAULT 0,
            amount_minor INTEGER NOT NULL,
            PRIMARY KEY (quote_id, position)
        )
        """,
        "CREATE INDEX accepted_quotes_deal ON accepted_quotes(deal_id)",
    ]
}
