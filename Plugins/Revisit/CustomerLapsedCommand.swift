#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `customer lapsed [--after 180day]`: customers with no purchase or revisit for that long.
enum CustomerLapsedCommand {
    static let command = Command(CommandSignature(
        "customer lapsed",
        summary: "List customers with no purchase or revisit for a while (180 days by default).",
        flags: [Flag("after", .duration, "How long without contact counts as lapsed.", default: .duration(180 * 86_400))],
        examples: [Example("customer lapsed --after 90day", "Customers to win back.")])) { invocation, context in
        let seconds: Int64 = if case .duration(let s)? = invocation["after"] { s } else { 180 * 86_400 }
        var rows: [Record] = []
        for row in try context.database.query("SELECT id FROM customers ORDER BY id") {
            try context.checkCancelled()
            let record = try CustomerHealth.record(EntityID(.customer, row.integer("id") ?? 0), lapsedAfterDays: seconds / 86_400, context)
            if record["lapsed"] == .bool(true) { rows.append(record) }
        }
        return .table(Table(rows: rows))
    }
}
