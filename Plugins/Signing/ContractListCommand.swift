#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `contract list`: every contract version.
enum ContractListCommand {
    static let command = Command(CommandSignature(
        "contract list",
        summary: "List contracts, every version.",
        examples: [Example("contract list | where status == signed", "Contracts in force.")])
            .showing(["id", "deal", "version", "status", "total", "signed"]), catalog: true) { _, _ in
        .relation(Relation(source: "contracts", columns: [
            .init("id", .id(.contract, "id")), .init("deal", .id(.deal, "deal_id")), .init("version", .integer("version")),
            .init("status", .text("status")), .init("total", .money(minor: "total_minor", currency: "currency")),
            .init("delivery", .date("delivery_date")), .init("payment", .text("payment_terms")),
            .init("service", .text("service_level")), .init("signed", .date("signed_on")),
        ], order: "id"))
    }
}
