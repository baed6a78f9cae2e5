#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// Reading a deal's stage and status from the shared `deals` table.
enum DealState {
    static func require(_ deal: EntityID, _ context: StageContext) throws -> (stage: String, status: String) {
        guard let row = try context.database.query("SELECT stage, status FROM deals WHERE id = ?", [.integer(deal.number)]).first else {
            throw CommandError.notFound(deal, argument: "deal")
        }
        return (row.text("stage") ?? "", row.text("status") ?? "")
    }
}
