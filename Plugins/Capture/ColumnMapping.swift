import FunnelModel
import StageKit
import StageSupport

/// Which file column fills which lead field: explicit `--map 'Company Name=company'` pairs and a
/// mapping file (one `Column=field` a line, `#` comments) first, then columns whose names match a
/// field or a common alias from other CRMs' exports (`Lead Source`, `E-mail`, `Mobile`, `Budget (CNY)`).
struct ColumnMapping {
    /// The lead fields a column can fill.
    static let fields = ["name", "company", "email", "phone", "source", "campaign", "tags", "owner", "region", "industry",
                         "budget", "currency", "authority", "need", "timeline", "frequency", "created", "outcome", "decided"]

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

    /// Field for each column index (nil: ignored), and the columns ignored.
    let fieldOfColumn: [String?]
    let ignored: [String]

    struct Failure: Error { let message: String }

    init(header: [String], explicit: [String: String]) throws(Failure) {
        for (column, field) in explicit where !ColumnMapping.fields.contains(field) {
            throw Failure(message: "\"\(column)=\(field)\": \(field) is not a lead field (fields: \(ColumnMapping.fields.joined(separator: ", ")))")
        }
        for column in explicit.keys where !header.contains(column) {
            throw Failure(message: "the file has no column \"\(column)\" (columns: \(header.joined(separator: ", ")))")
        }
        var used = Set<String>()
        var result: [String?] = []
        var ignored: [String] = []
        for column in header {
            var field = explicit[column]
            if field == nil {
                let key = ImportColumns.key(column)
                field = ColumnMapping.fields.first { $0 == key } ?? ColumnMapping.aliases[key]
                    ?? (key.hasPrefix("budget") ? "budget" : nil)
            }
            if let chosen = field, used.insert(chosen).inserted {
                result.append(chosen)
            } else {
                result.append(nil)
                ignored.append(column)
            }
        }
        guard used.contains("name") || used.contains("company") else {
            throw Failure(message: "no column gives the lead's name or company (columns: \(header.joined(separator: ", "))); map one with --map 'Column=name'")
        }
        fieldOfColumn = result
        self.ignored = ignored
    }
}

extension ColumnMapping {
    /// The fields `lead import` fills, for `help lead import`: generated from `fields` and `aliases`
    /// above, the table the import itself reads headers by.
    static let importFields = ImportField.fromTable(
        order: fields, aliases: aliases,
        types: ["email": "e-mail", "tags": "list (a, b)", "budget": "amount", "currency": "currency code", "authority": "yes|no",
                "need": "0-3|none|low|medium|high", "timeline": "days", "created": "date",
                "outcome": "yes|no (1|0, converted|lost)", "decided": "date",
                "frequency": PurchaseFrequency.allCases.map(\.rawValue).joined(separator: "|")],
        summaries: ["name": "a lead needs a name or a company (then named after it)", "company": "the lead's name when it has none",
                    "timeline": "days until the lead means to buy",
                    "currency": "the budget's currency when its amount names none (lead export writes budget_currency)",
                    "outcome": "history: converted (status converted, no deal) or not (disqualified); blank: still open",
                    "decided": "the day the outcome was decided (needs an outcome; not before created)"],
        prefixes: ["budget": "budget"])
}
