import FunnelModel
import StageKit

/// The fields `lead import` fills from a file's columns, declared once: the import fits a file's
/// header to them (`ImportColumns.resolve`, as every import does) and `help lead import` lists them.
extension LeadImportCommand {
    /// The lead fields a column can fill, in the order help lists them.
    static let fieldNames = ["name", "company", "email", "phone", "source", "campaign", "tags", "owner", "region", "industry",
                             "budget", "currency", "authority", "need", "timeline", "frequency", "created", "outcome", "decided"]

    /// Headers of other CRMs' exports (`Lead Source`, `E-mail`, `Mobile`), as lower-case letters and
    /// digits, and the field each fills; any header starting `Budget` (`Budget (CNY)`) fills budget.
    static let aliases: [String: String] = [
        "fullname": "name", "contact": "name", "contactname": "name", "leadname": "name", "firstlast": "name",
        "companyname": "company", "account": "company", "accountname": "company", "organization": "company",
        "organisation": "company", "emailaddress": "email", "mail": "email", "e-mail": "email",
        "mobile": "phone", "telephone": "phone", "tel": "phone", "phonenumber": "phone", "mobilephone": "phone",
        "leadsource": "source", "channel": "source", "campaignname": "campaign", "assignedto": "owner",
        "leadowner": "owner", "salesperson": "owner", "territory": "region", "country": "region",
        "decisionmaker": "authority", "timelinedays": "timeline", "purchasefrequency": "frequency",
        "createdat": "created", "createdon": "created", "createddate": "created", "date": "created",
        "estimatedbudget": "budget", "budgetamount": "budget", "budgetcurrency": "currency",
        "converted": "outcome", "isconverted": "outcome", "leadoutcome": "outcome", "result": "outcome",
        "converteddate": "decided", "convertedat": "decided", "convertedon": "decided", "conversiondate": "decided",
        "outcomedate": "decided", "decidedat": "decided", "decidedon": "decided", "closedate": "decided",
    ]

    /// The declarations, generated from the tables above.
    static let importFields = ImportField.fromTable(
        order: fieldNames, aliases: aliases,
        types: ["email": "e-mail", "tags": "list (a, b)", "budget": "amount", "currency": "currency code", "authority": "yes|no",
                "need": "0-3|none|low|medium|high", "timeline": "days", "created": "date",
                "outcome": "yes|no (1|0, converted|lost)", "decided": "date",
                "frequency": PurchaseFrequency.allCases.map(\.rawValue).joined(separator: "|")],
        summaries: ["name": "a lead needs a name or a company (then named after it)", "company": "the lead's name when it has none",
                    "timeline": "days until the lead means to buy",
                    "currency": "the budget's currency when its amount names none (lead export writes budget_currency)",
                    "outcome": "history: converted (status converted, no deal) or not (disqualified); blank: still open",
                    "created": "when the lead was recorded; without it the day stays unknown (never the import's)",
                    "decided": "the day the outcome was decided (needs an outcome; not before created)"],
        prefixes: ["budget": "budget"])
}
