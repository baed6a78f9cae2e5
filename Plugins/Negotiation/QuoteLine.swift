#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// A quote's line: a product, a quantity, a unit price and its own discount.
struct QuoteLine {
    var productID: Int64
    var sku: String
    var name: String
    var quantity: Int64
    var unitPrice: Money
    var discountBasisPoints: Int64
    var unitCost: Money?
    var stock: Int64
    var leadTimeDays: Int64

    /// Quantity × unit price less the line discount, rounded half to even (`AcceptedQuote.Line`'s
    /// rule); `nil` on overflow.
    var amount: Money? {
        AcceptedQuote.Line(product: EntityID(.product, productID), quantity: quantity, unitPrice: unitPrice,
                           discountBasisPoints: discountBasisPoints).amount
    }

    /// `GTX-PRO x 20`, `GTX-PRO x 20 @ 4,821.00 CNY`, `GTX-PRO x 20 @ 4821 -5%`: SKU, quantity, an
    /// optional unit price (the list price otherwise) and an optional line discount.
    static func parse(_ text: String, in database: any SQLDatabase) throws -> QuoteLine {
        var rest = text.trimmingSpaces
        var discount: Int64 = 0
        if let minus = rest.ranges(of: " -").last, rest.hasSuffix("%") {
            discount = try Percent.basisPoints(String(rest[minus.upperBound...]))
            rest = String(rest[..<minus.lowerBound]).trimmingSpaces
        }
        var price: Money?
        if let at = rest.firstIndex(of: "@") {
            do { price = try Money.parse(String(rest[rest.index(after: at)...])) } catch {
                throw CommandError("line \"\(text)\": \(error.description)", argument: "line")
            }
            rest = String(rest[..<at]).trimmingSpaces
        }
        let parts = rest.components(separatedBy: " x ")
        guard parts.count == 2, let quantity = Int64(parts[1].trimmingSpaces), quantity > 0 else {
            throw CommandError("line \"\(text)\" is not SKU x QUANTITY [@ PRICE] [-N%]", argument: "line",
                               hint: "e.g. --line 'GTX-PRO x 20 @ 4,821.00 CNY'")
        }
        let sku = parts[0].trimmingSpaces.uppercased()
        guard let row = try database.query("SELECT \(productColumns) FROM products WHERE sku = ?", [.text(sku)]).first else {
            throw CommandError("no product \(sku)", argument: "line", hint: "see product list")
        }
        var line = listed(row, quantity: quantity)
        let unitPrice = price ?? line.unitPrice
        guard unitPrice.currency == line.unitPrice.currency else {
            throw CommandError("line \"\(text)\": the price is in \(unitPrice.currency), the product in \(line.unitPrice.currency)", argument: "line")
        }
        guard unitPrice.minorUnits >= 0 else { throw CommandError("line \"\(text)\": a price cannot be negative", argument: "line") }
        line.unitPrice = unitPrice
        line.discountBasisPoints = discount
        return line
    }

    /// `quantity` of `product` at its list price, no discount: a line as `quote add` drafts it when
    /// the line names no price.
    static func listed(_ product: EntityID, quantity: Int64, in database: any SQLDatabase) throws -> QuoteLine {
        guard let row = try database.query("SELECT \(productColumns) FROM products WHERE id = ?", [.integer(product.number)]).first else {
            throw CommandError.notFound(product, argument: "quote")
        }
        return listed(row, quantity: quantity)
    }

    private static let productColumns = "id, sku, name, price_minor, price_currency, cost_minor, stock, lead_time_days"

    private static func listed(_ row: SQLRow, quantity: Int64) -> QuoteLine {
        let currency = row.text("price_currency").flatMap(Currency.init(code:)) ?? .cny
        return QuoteLine(productID: row.integer("id") ?? 0, sku: row.text("sku") ?? "", name: row.text("name") ?? "", quantity: quantity,
                         unitPrice: Money(minorUnits: row.integer("price_minor") ?? 0, currency: currency), discountBasisPoints: 0,
                         unitCost: row.integer("cost_minor").map { Money(minorUnits: $0, currency: currency) },
                         stock: row.integer("stock") ?? 0, leadTimeDays: row.integer("lead_time_days") ?? 0)
    }
}

/// Percentages as basis points (`8%` → 800, `12.5%` → 1250), exact.
enum Percent {
    static func basisPoints(_ text: String) throws -> Int64 {
        let body = text.trimmingSpaces.hasSuffix("%") ? String(text.trimmingSpaces.dropLast()) : text.trimmingSpaces
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), let whole = Int64(pieces[0]), whole >= 0,
              pieces.count == 1 || (pieces[1].count <= 2 && Int64(pieces[1]) != nil) else {
            throw CommandError("\"\(text)\" is not a percentage such as 8% or 12.5%")
        }
        var fraction: Int64 = 0
        if pieces.count == 2 { fraction = (Int64(pieces[1]) ?? 0) * (pieces[1].count == 1 ? 10 : 1) }
        let points = whole * 100 + fraction
        guard points <= 10_000 else { throw CommandError("\"\(text)\" is more than 100%") }
        return points
    }

    static func text(_ basisPoints: Int64) -> String {
        basisPoints % 100 == 0 ? "\(basisPoints / 100)%" : PrintfFormat.string("%lld.%02lld%%", basisPoints / 100, basisPoints % 100)
    }
}
