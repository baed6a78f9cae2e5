#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// Reading and writing the shared `products` table.
enum ProductTable {
    struct Product {
        var sku: String
        var name: String
        var category: String?
        var price: Money
        var addresses: [String]
        var stock: Int64
        var leadTimeDays: Int64
        /// What a unit costs us, for margins; unknown when `nil`.
        var cost: Money? = nil
    }

    static func insert(_ product: Product, in database: any SQLDatabase) throws {
        try database.execute(
            "INSERT INTO products (sku, name, category, price_minor, price_currency, addresses, stock, lead_time_days, cost_minor) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.text(product.sku), .text(product.name), product.category.map { .text($0) } ?? .null, .integer(product.price.minorUnits),
             .text(product.price.currency.code), .text(product.addresses.joined(separator: ",")), .integer(product.stock),
             .integer(product.leadTimeDays), product.cost.map { .integer($0.minorUnits) } ?? .null])
    }

    static func exists(_ sku: String, in database: any SQLDatabase) throws -> Bool {
        try !database.query("SELECT 1 FROM products WHERE sku = ?", [.text(sku)]).isEmpty
    }

    /// A unit cost as typed: in the price's currency unless another is given.
    static func cost(_ text: String, priceCurrency: Currency) throws -> Money {
        do { return try Money.parse(text, defaultCurrency: priceCurrency) } catch {
            throw CommandError(error.description, argument: "cost")
        }
    }

    /// Needs a product addresses, from comma-separated text: trimmed, lower-cased.
    static func needs(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
    }

    static func relation() -> Relation {
        Relation(source: "products", columns: [
            .init("id", .id(.product, "id")), .init("sku", .text("sku")), .init("name", .text("name")), .init("category", .text("category")),
            .init("price", .money(minor: "price_minor", currency: "price_currency")), .init("addresses", .text("addresses")),
            .init("stock", .integer("stock")), .init("lead time", .integer("lead_time_days")),
            .init("cost", .money(minor: "cost_minor", currency: "price_currency")),
        ], order: "sku")
    }
}
