import FunnelModel
import StageKit

/// Reading one need, for the commands that change or remove it.
enum NeedRecords {
    static func require(_ id: EntityID, _ context: StageContext, argument: String = "need") throws -> (deal: EntityID, description: String) {
        guard let row = try context.database.query("SELECT deal_id, description FROM needs WHERE id = ?", [.integer(id.number)]).first,
              let deal = row.integer("deal_id") else {
            throw CommandError.notFound(id, argument: argument)
        }
        return (EntityID(.deal, deal), row.text("description") ?? "")
    }
}
