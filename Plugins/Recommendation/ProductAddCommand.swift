#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

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
        impact: .low,
        examples: [Example("product add GTX-PRO \"GTX Pro\" --price 4821 --addresses 'erp integration,reporting' --stock 50 --lead-time 14",
                           "A product that addresses two needs.")]).creating(), catalog: true) { invocation, context in
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
        let id = EntityID(.product, context.database.lastInsertedRowID)
        try context.journal("product.added", subject: id, details: Record([("sku", .string(sku)), ("name", .string(name)), ("price", .money(price))]))
        if !invocation.isValueUsed { context.output.line("product \(sku) added: \(name) at \(price)") }
        return .record(Record([("id", .id(id)), ("sku", .string(sku)), ("name", .string(name)), ("price", .money(price)),
                               ("stock", .int(stock)), ("lead time", .int(leadTime))]))
    }
}
