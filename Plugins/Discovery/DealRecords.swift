import FunnelModel
import StageKit

/// Reading deals from the shared `deals` table.
enum DealRecords {
    /// Every deal as a relation, so filters and sorts run as SQL.
    static func relation() -> Relation {
        Relation(source: "deals", columns: [
            .init("id", .id(.deal, "id")), .init("title", .text("title")), .init("customer", .id(.customer, "customer_id")),
            .init("stage", .text("stage")), .init("status", .text("status")),
            .init("value", .money(minor: "value_minor", currency: "value_currency")), .init("owner", .text("owner")),
            .init("lead", .id(.lead, "lead_id")), .init("created", .date("created_at")),
        ], order: "id")
    }

    /// The deal's row, or a "no deal D-N" error pointing at `argument`.
    static func require(_ id: EntityID, _ context: StageContext, argument: String = "deal") throws -> SQLRow {
        guard let row = try context.database.query("SELECT * FROM deals WHERE id = ?", [.integer(id.number)]).first else {
            throw CommandError.notFound(id, argument: argument)
        }
        return row
    }
}
