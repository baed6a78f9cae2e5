#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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

    /// `12`, `12month`, `12months`, `1year` as months, refused with the `--warranty` flag named.
    static func months(_ text: String) throws -> Int64 {
        do { return try SignedContract.months(text) } catch let error as CommandError { throw CommandError(error.message, argument: "warranty") }
    }
}
