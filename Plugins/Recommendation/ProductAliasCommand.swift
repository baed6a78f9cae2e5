import FunnelModel
import StageKit

/// `product alias ALIAS PRODUCT`: another name a catalog product goes by in other tools' exports
/// (`product alias ProX PRO-X`), so `deal import` files such deals under the catalog's product and
/// product reports keep their revenue. Kept in the core `product_aliases` table (`ProductAlias`).
enum ProductAliasCommand {
    static let command = Command(CommandSignature(
        "product alias",
        summary: "Give a catalog product another name, as other tools' exports spell it, for deal import.",
        positionals: [Positional("alias", .string, "The name as an export spells it, e.g. ProX."),
                      Positional("product", .string, "The catalog product: its SKU or its name.")],
        output: .nothing, impact: .low,
        examples: [Example("product alias ProX PRO-X", "Deals of `ProX` in an imported file are deals of the catalog's Pro X.",
                           setup: "product add PRO-X \"Pro X\" --price 100")]).creating(), catalog: true) { invocation, context in
        let alias = (invocation.string("alias") ?? "").trimmingSpaces
        let product = (invocation.string("product") ?? "").trimmingSpaces
        guard !alias.isEmpty else { throw CommandError("an alias cannot be empty", argument: "alias") }
        let nocase = context.database.dialect.caseInsensitive
        guard let row = try context.database.query(
            "SELECT id, sku, name FROM products WHERE sku = ? \(nocase) OR name = ? \(nocase) ORDER BY sku = ? \(nocase) DESC, id LIMIT 1",
            [.text(product), .text(product), .text(product)]).first, let id = row.integer("id") else {
            let nearest = try ProductAlias.nearest(to: product, in: context.database)
            throw CommandError("no product \(product) in the catalog", argument: "product",
                               hint: nearest.map { "the nearest is \"\($0)\"" } ?? "add it with product add")
        }
        let name = row.text("name") ?? product
        if let taken = try context.database.query("SELECT sku, name FROM products WHERE name = ? \(nocase) OR sku = ? \(nocase) LIMIT 1",
                                                  [.text(alias), .text(alias)]).first {
            throw CommandError("\"\(alias)\" is already the catalog's \(taken.text("sku") ?? "") \(taken.text("name") ?? ""), not another name",
                               argument: "alias")
        }
        if invocation.isDryRun {
            context.output.line("would make \"\(alias)\" an alias of \(row.text("sku") ?? "") \(name)")
            return .null
        }
        try ProductAlias.add(alias, product: id, in: context.database)
        try context.journal("product.aliased", subject: EntityID(.product, id), details: Record([("alias", .string(alias))]))
        if !invocation.isValueUsed { context.output.line("\"\(alias)\" is now an alias of \(row.text("sku") ?? "") \(name)") }
        return .record(Record([("alias", .string(alias)), ("sku", .string(row.text("sku") ?? "")), ("name", .string(name))]))
    }
}
