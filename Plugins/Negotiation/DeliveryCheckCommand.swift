#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `delivery check SKU QUANTITY [--by DATE]`: can the order ship by that date, and when at the earliest.
enum DeliveryCheckCommand {
    static let command = Command(CommandSignature(
        "delivery check",
        summary: "Say whether a quantity of a product can ship by a date, from stock and lead time, and the earliest date.",
        positionals: [Positional("sku", .string, "The product."), Positional("quantity", .int, "How many units.")],
        flags: [Flag("by", .date, "The date the customer asks for.")],
        output: .any,
        examples: [Example("delivery check GTX-PRO 500 --by 2026-06-01", "Can we ship 500 units by June 1?",
                           setup: "product add GTX-PRO \"GTX Pro\" --price 4821 --stock 120 --lead-time 45")])) { invocation, context in
        let sku = (invocation.string("sku") ?? "").uppercased()
        guard let quantity = invocation.int("quantity"), quantity > 0 else {
            throw CommandError("the quantity must be 1 or more", argument: "quantity")
        }
        guard let row = try context.database.query("SELECT name, stock, lead_time_days FROM products WHERE sku = ?", [.text(sku)]).first else {
            throw CommandError("no product \(sku)", argument: "sku")
        }
        let stock = row.integer("stock") ?? 0, leadTime = row.integer("lead_time_days") ?? 0
        let earliest = quantity <= stock ? context.clock.now : context.clock.now.addingTimeInterval(TimeInterval(leadTime * 86_400))
        var record = Record([("sku", .string(sku)), ("quantity", .int(quantity)), ("in stock", .int(stock)),
                             ("earliest", .date(earliest)),
                             ("how", .string(quantity <= stock ? "from stock" : "\(quantity - stock) to make: \(leadTime) days"))])
        if case .date(let wanted)? = invocation["by"] {
            record["by"] = .date(wanted)
            record["can ship"] = .bool(earliest <= wanted)
        }
        return .record(record)
    }
}
