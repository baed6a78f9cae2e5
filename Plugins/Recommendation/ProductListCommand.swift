#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `product list`: the catalog.
enum ProductListCommand {
    static let command = Command(CommandSignature(
        "product list",
        summary: "List the product catalog.",
        examples: [Example("product list | where stock > 0", "Products in stock.",
                           setup: "product add A-1 Alpha --price 100 --stock 3")])
            .showing(["id", "sku", "name", "category", "price", "stock"]), catalog: true) { _, context in
        // Custom fields (`field add product ...`) come after the built-in columns.
        .relation(try CustomFields.extend(ProductTable.relation(), entity: .product, in: context.database))
    }
}
