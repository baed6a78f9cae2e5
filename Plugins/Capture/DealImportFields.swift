import FunnelModel
import StageKit

/// The fields `deal import` fills from a file's columns, declared once: the import fits a file's
/// header to them (`ImportColumns.resolve`, as every import does) and `help deal import` lists them.
extension DealImportCommand {
    /// The deal fields a column can fill, in the order help lists them (then `entered STAGE`).
    static let fields = ["customer", "title", "owner", "product", "stage", "status", "created", "closed", "value", "currency", "lost_reason"]

    /// Headers of other CRMs' exports (`Account Name`, `Close Date`), as lower-case letters and
    /// digits, and the field each fills.
    static let aliases = ["customer": "customer", "account": "customer", "accountname": "customer", "company": "customer",
                          "title": "title", "dealname": "title", "opportunity": "title", "opportunityname": "title",
                          "owner": "owner", "dealowner": "owner", "product": "product", "stage": "stage", "stagereached": "stage",
                          "status": "status", "outcome": "status", "created": "created", "createddate": "created",
                          "entered": "created", "closed": "closed", "closedate": "closed", "closeddate": "closed",
                          "value": "value", "amount": "value", "currency": "currency", "currencycode": "currency",
                          "lostreason": "lost_reason", "reason": "lost_reason"]

    /// The declarations help shows: those of the built-in lifecycle.
    static let importFields = importFields(stages: stages)

    /// The declarations, generated from the tables above and the lifecycle's `stages`: one
    /// `entered STAGE` field a stage (`Entered Negotiate`, `entered_recommend`), the day the deal entered it.
    static func importFields(stages: [String]) -> [ImportField] {
        ImportField.fromTable(
            order: fields, aliases: aliases,
            types: ["stage": stages.joined(separator: "|"), "status": Set(statuses.values).sorted().joined(separator: "|"),
                    "created": "date", "closed": "date", "value": "amount", "currency": "currency code"],
            required: ["customer"],
            summaries: ["stage": "the furthest stage reached", "status": "values: " + Set(statuses.keys).sorted().joined(separator: ", "),
                        "closed": "needed for a won or lost deal",
                        "currency": "the value's currency when it names none (default --currency, else CNY)"])
        + [ImportField("entered STAGE", "date", "one column a stage, e.g. Entered Negotiate, entered_recommend: the day the deal entered it",
                       each: stages)]
    }
}
