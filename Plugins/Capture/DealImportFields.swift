import FunnelModel
import StageKit

extension DealImportCommand {
    /// The fields `deal import` fills, for `help deal import`: generated from the import's own column
    /// table (`aliases`, `stages`, `statuses`), so a column it learns shows up here by itself.
    static var importFields: [ImportField] {
        ImportField.fromTable(
            order: ["customer", "title", "owner", "product", "stage", "status", "created", "closed", "value", "lost_reason"],
            aliases: aliases,
            types: ["stage": stages.joined(separator: "|"), "status": Set(statuses.values).sorted().joined(separator: "|"),
                    "created": "date", "closed": "date", "value": "amount"],
            required: ["customer"],
            summaries: ["stage": "the furthest stage reached", "status": "values: " + Set(statuses.keys).sorted().joined(separator: ", "),
                        "closed": "needed for a won or lost deal"])
            + [ImportField("entered STAGE", "date", "one column a stage, e.g. Entered Negotiate, entered_recommend: the day the deal entered it")]
    }
}
