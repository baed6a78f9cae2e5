import Foundation
import FunnelModel
import StageKit

/// Reading contracts from the shared `contracts` table.
enum ContractTable {
    static func require(_ id: EntityID, _ context: StageContext) throws -> SQLRow {
        guard let row = try context.database.query("SELECT * FROM contracts WHERE id = ?", [.integer(id.number)]).first else {
            throw CommandError.notFound(id, argument: "contract")
        }
        return row
    }

    static func record(_ row: SQLRow) -> Record {
        let currency = row.text("currency").flatMap(Currency.init(code:)) ?? .cny
        return Record([
            ("id", .id(EntityID(.contract, row.integer("id") ?? 0))), ("deal", .id(EntityID(.deal, row.integer("deal_id") ?? 0))),
            ("version", .int(row.integer("version") ?? 1)), ("status", .string(row.text("status") ?? "")),
            ("total", .money(Money(minorUnits: row.integer("total_minor") ?? 0, currency: currency))),
            ("delivery", row.text("delivery_date").flatMap { try? Day.parse($0) }.map(Value.date) ?? .null),
            ("payment", .string(row.text("payment_terms") ?? "")), ("warranty months", .int(row.integer("warranty_months") ?? 0)),
            ("service", .string(row.text("service_level") ?? "")), ("signatory", .string(row.text("signatory") ?? "")),
            ("signed", row.text("signed_on").flatMap { try? Day.parse($0) }.map(Value.date) ?? .null),
            ("reason", row.text("reason").map(Value.string) ?? .null),
            // The payment terms as numbers, for whatever implementation invoices the contract (a plugin
            // gets them piped in: `contract show K-1 | invoice bill`).
            ("deposit bp", .int(row.integer("deposit_bp") ?? 0)), ("net days", .int(row.integer("net_days") ?? 30)),
            ("installments", .int(row.integer("installments") ?? 1)),
        ])
    }

    /// `12`, `12month`, `12months`, `1year` as months.
    static func months(_ text: String) throws -> Int64 {
        let lower = text.lowercased().trimmingSpaces
        for (suffix, factor) in [("months", Int64(1)), ("month", 1), ("years", 12), ("year", 12), ("", 1)] where lower.hasSuffix(suffix) {
            if let value = Int64(lower.dropLast(suffix.count)), (0...240).contains(value * factor) { return value * factor }
        }
        throw CommandError("\"\(text)\" is not a number of months such as 12month", argument: "warranty")
    }
}
