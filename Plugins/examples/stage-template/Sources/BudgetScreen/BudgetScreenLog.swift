import FunnelModel
import StageKit

/// `budget-screen log`: the decisions this implementation made, from its own table, newest first. A
/// command of the plugin's own: a script whose first lines `plugin load` it can call it further down.
enum BudgetScreenLogCommand {
    static let command = Command(CommandSignature(
        "budget-screen log",
        summary: "The budget-screen decisions, newest first: lead, verdict, the minimum then, and when.",
        examples: [Example("budget-screen log | first 5", "The last five decisions.")])) { _, context in
        let rows = try context.database.query(
            // Portable SQL (no `rowid`): a plugin's commands run on SQLite and on a team's PostgreSQL.
            "SELECT lead_id, verdict, minimum_minor, currency, at FROM budget_screen_log ORDER BY at DESC, lead_id DESC")
        return .table(Table(columns: ["lead", "verdict", "minimum", "at"], rows: rows.map { row in
            let currency = row.text("currency").flatMap(Currency.init(code:)) ?? .cny
            return Record([
                ("lead", .id(EntityID(.lead, row.integer("lead_id") ?? 0))), ("verdict", .string(row.text("verdict") ?? "")),
                ("minimum", .money(Money(minorUnits: row.integer("minimum_minor") ?? 0, currency: currency))),
                ("at", .string(row.text("at") ?? "")),
            ])
        }))
    }
}
