import FunnelModel
import StageKit
import StageSupport

/// `product edit SKU --stock 40 --price 4999 ...`: changes a product in the catalog; stock on hand
/// and lead time change as goods come and go, and quotes check delivery against them.
enum ProductEditCommand {
    static let command = Command(CommandSignature(
        "product edit",
        summary: "Change a product's name, category, price, cost, the needs it addresses, stock or lead time.",
        positionals: [Positional("sku", .string, "The product's SKU, e.g. GTX-PRO.")],
        flags: [Flag("name", .string, "A new name."), Flag("category", .string, "Its category."),
                Flag("price", .money, "The list price."), Flag("cost", .string, "What a unit costs us, in the price's currency unless given."),
                Flag("addresses", .string, "Needs it addresses, comma-separated (replaces the list)."),
                Flag("stock", .int, "Units on hand."), Flag("lead-time", .int, "Days to make more."),
                Flag("set", .string, "A custom field's value, field=value (empty clears it); repeatable.", repeatable: true)],
        output: .nothing, impact: .low,
        examples: [Example("product edit GTX-PRO --stock 40 --lead-time 10", "Goods arrived.",
                           setup: "product add GTX-PRO \"GTX Pro\" --price 4821")]), catalog: true) { invocation, context in
        let sku = (invocation.string("sku") ?? "").trimmingSpaces.uppercased()
        guard let current = try context.database.query("SELECT id, price_currency, cost_minor FROM products WHERE sku = ?", [.text(sku)]).first,
              let id = current.integer("id") else {
            throw CommandError("no product \(sku)", argument: "sku", hint: "see product list")
        }
        let currency = current.text("price_currency") ?? ""
        var assignments: [(column: String, value: SQLValue)] = []
        var changes: [(String, Value)] = []
        if let name = invocation.string("name")?.trimmingSpaces {
            guard !name.isEmpty else { throw CommandError("a product needs a name", argument: "name") }
            assignments.append(("name", .text(name)))
            changes.append(("name", .string(name)))
        }
        if let category = invocation.string("category")?.trimmingSpaces {
            assignments.append(("category", category.isEmpty ? .null : .text(category)))
            changes.append(("category", category.isEmpty ? .null : .string(category)))
        }
        let price = invocation.money("price")
        if let price {
            guard price.minorUnits >= 0 else { throw CommandError("a price cannot be negative", argument: "price") }
            assignments += [("price_minor", .integer(price.minorUnits)), ("price_currency", .text(price.currency.code))]
            changes.append(("price", .money(price)))
        }
        if let price, price.currency.code != currency, current.integer("cost_minor") != nil, invocation.string("cost") == nil {
            throw CommandError("the cost is in \(currency): give it in \(price.currency) too", argument: "price", hint: "add --cost AMOUNT")
        }
        if let text = invocation.string("cost") {
            let priceCurrency = price?.currency.code ?? currency
            let cost = try ProductTable.cost(text, priceCurrency: Currency(code: priceCurrency) ?? .cny)
            guard cost.minorUnits >= 0 else { throw CommandError("a cost cannot be negative", argument: "cost") }
            guard cost.currency.code == priceCurrency else {
                throw CommandError("the cost is in \(cost.currency), the price in \(priceCurrency)", argument: "cost")
            }
            assignments.append(("cost_minor", .integer(cost.minorUnits)))
            changes.append(("cost", .money(cost)))
        }
        if let addresses = invocation.string("addresses") {
            let needs = ProductTable.needs(addresses)
            assignments.append(("addresses", .text(needs.joined(separator: ","))))
            changes.append(("addresses", .string(needs.joined(separator: ","))))
        }
        if let stock = invocation.int("stock") {
            guard stock >= 0 else { throw CommandError("stock cannot be negative", argument: "stock") }
            assignments.append(("stock", .integer(stock)))
            changes.append(("stock", .int(stock)))
        }
        if let leadTime = invocation.int("lead-time") {
            guard leadTime >= 0 else { throw CommandError("a lead time cannot be negative", argument: "lead-time") }
            assignments.append(("lead_time_days", .integer(leadTime)))
            changes.append(("lead time", .int(leadTime)))
        }
        // Custom fields, each value checked against the field's type.
        for (field, _, to) in try CustomFields.assign(invocation.list("set").map(\.plainText), to: .product, record: id,
                                                      write: !invocation.isDryRun, in: context.database) {
            changes.append((field, to))
        }
        let summary = EditReport.summary(changes)
        guard EditReport.proceeds(sku, summary: summary, dryRun: invocation.isDryRun, output: context.output) else { return .null }
        if !assignments.isEmpty {
            try context.database.execute("UPDATE products SET " + assignments.map { "\($0.column) = ?" }.joined(separator: ", ") + " WHERE id = ?",
                                         assignments.map(\.value) + [.integer(id)])
        }
        try context.journal("product.edited", subject: EntityID(.product, id), details: Record([("sku", .string(sku))] + changes))
        EditReport.done(sku, summary: summary, output: context.output)
        return .null
    }
}
