import Foundation
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
            .init("sku", .text("sku")), .init("name", .text("name")), .init("category", .text("category")),
            .init("price", .money(minor: "price_minor", currency: "price_currency")), .init("addresses", .text("addresses")),
            .init("stock", .integer("stock")), .init("lead time", .integer("lead_time_days")),
            .init("cost", .money(minor: "cost_minor", currency: "price_currency")),
        ], order: "sku")
    }
}

/// `product add SKU NAME --price AMOUNT ...`: a product in the catalog.
enum ProductAddCommand {
    static let command = Command(CommandSignature(
        "product add",
        summary: "Add a product to the catalog: price, the needs it addresses, stock and lead time.",
        positionals: [Positional("sku", .string, "The stock-keeping unit, e.g. GTX-PRO."), Positional("name", .string, "Its name.")],
        flags: [Flag("price", .money, "The list price, e.g. 4821.00."), Flag("category", .string, "Its category."),
                Flag("addresses", .string, "Needs it addresses, comma-separated, e.g. 'erp integration,reporting'."),
                Flag("stock", .int, "Units on hand.", default: .int(0)), Flag("lead-time", .int, "Days to make more.", default: .int(0)),
                Flag("cost", .string, "What a unit costs us, for quote margins (in the price's currency unless given).")],
        output: .nothing, impact: .low,
        examples: [Example("product add GTX-PRO \"GTX Pro\" --price 4821 --addresses 'erp integration,reporting' --stock 50 --lead-time 14",
                           "A product that addresses two needs.")]), catalog: true) { invocation, context in
        let sku = (invocation.string("sku") ?? "").trimmingSpaces.uppercased()
        let name = (invocation.string("name") ?? "").trimmingSpaces
        guard !sku.isEmpty, !sku.contains(",") else { throw CommandError("a SKU is a word without commas", argument: "sku") }
        guard !name.isEmpty else { throw CommandError("a product needs a name", argument: "name") }
        guard let price = invocation.money("price") else { throw CommandError("a product needs a price", argument: "price", hint: "--price 4821.00") }
        guard price.minorUnits >= 0 else { throw CommandError("a price cannot be negative", argument: "price") }
        let stock = invocation.int("stock") ?? 0, leadTime = invocation.int("lead-time") ?? 0
        guard stock >= 0 else { throw CommandError("stock cannot be negative", argument: "stock") }
        guard leadTime >= 0 else { throw CommandError("a lead time cannot be negative", argument: "lead-time") }
        guard try !ProductTable.exists(sku, in: context.database) else { throw CommandError("product \(sku) already exists", argument: "sku") }
        let cost = try invocation.string("cost").map { try ProductTable.cost($0, priceCurrency: price.currency) }
        if let cost, cost.minorUnits < 0 { throw CommandError("a cost cannot be negative", argument: "cost") }
        if let cost, cost.currency != price.currency {
            throw CommandError("the cost is in \(cost.currency), the price in \(price.currency)", argument: "cost")
        }
        if invocation.isDryRun {
            context.output.line("would add product \(sku) \(name) at \(price)")
            return .null
        }
        try ProductTable.insert(.init(sku: sku, name: name, category: invocation.string("category"), price: price,
                                      addresses: ProductTable.needs(invocation.string("addresses") ?? ""), stock: stock,
                                      leadTimeDays: leadTime, cost: cost), in: context.database)
        try context.journal("product.added", subject: EntityID(.product, context.database.lastInsertedRowID),
                            details: Record([("sku", .string(sku)), ("name", .string(name)), ("price", .money(price))]))
        context.output.line("product \(sku) added: \(name) at \(price)")
        return .null
    }
}

/// `product list`: the catalog.
enum ProductListCommand {
    static let command = Command(CommandSignature(
        "product list",
        summary: "List the product catalog.",
        examples: [Example("product list | where stock > 0", "Products in stock.",
                           setup: "product add A-1 Alpha --price 100 --stock 3")]), catalog: true) { _, _ in
        .relation(ProductTable.relation())
    }
}
