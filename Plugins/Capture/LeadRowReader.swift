#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// Turns one imported row into a lead, or the reasons it is rejected (each naming its column).
struct LeadRowReader {
    /// The field each column fills, by index (nil: none), from the import's `ImportColumns.Resolution`.
    let fieldOfColumn: [String?]
    let header: [String]
    /// Texts meaning "unknown", compared ignoring case, besides the empty text.
    let placeholders: Set<String>
    let defaultSource: String?
    let defaultCampaign: String?
    /// The currency of budgets that name none (`lead import --currency`).
    let currency: Currency
    /// `fieldOfColumn` as known fields, worked out once: a million rows each look up every cell's field.
    private let fields: [Field?]
    /// The longest placeholder, so longer cells skip the case-folded lookup.
    private let longestPlaceholder: Int
    /// The column of the budgets' currency (`budget_currency`, as lead export writes it), if any.
    private let currencyColumn: Int?

    /// The fields a column can fill; `unknown` for a name that is none of them.
    private enum Field: String {
        case name, company, email, phone, source, campaign, tags, owner, region, industry, budget, authority, need, timeline,
             frequency, created, outcome, decided, currency, unknown
    }

    init(fieldOfColumn: [String?], header: [String], placeholders: Set<String>, defaultSource: String?, defaultCampaign: String?,
         currency: Currency = .cny) {
        self.fieldOfColumn = fieldOfColumn
        self.header = header
        self.placeholders = placeholders
        self.defaultSource = defaultSource
        self.defaultCampaign = defaultCampaign
        self.currency = currency
        fields = fieldOfColumn.map { name in name.map { Field(rawValue: $0) ?? .unknown } }
        longestPlaceholder = placeholders.map(\.utf8.count).max() ?? 0
        currencyColumn = fields.firstIndex { $0 == .currency }
    }

    /// Words a need is written in, with their levels.
    private static let needLevels = ["none": 0, "low": 1, "medium": 2, "clear": 2, "high": 3, "urgent": 3]

    struct Rejection: Error {
        let column: String
        let reason: String
    }

    /// A lead read from a row, with the day its imported outcome was decided (the `decided` column).
    struct Read {
        var lead: Lead
        var decided: Date?
    }

    func lead(from cells: [String]) -> Result<Read, Rejection> {
        var lead = Lead(id: EntityID(.lead, 0), name: "", source: defaultSource, campaign: defaultCampaign, createdAt: nil)
        let longest = longestPlaceholder
        var decided: (date: Date, column: String)?
        // The row's budget currency (`budget_currency`, as lead export writes it), read before the budget.
        var rowCurrency: Currency?
        if let index = currencyColumn, index < cells.count {
            let code = cells[index].trimmingSpaces
            if !code.isEmpty, !(code.utf8.count <= longest && placeholders.contains(code.lowercased())) {
                do throws(Currency.UnknownCode) { rowCurrency = try Currency.read(code) } catch {
                    return .failure(Rejection(column: header[index], reason: error.description))
                }
            }
        }
        for (index, cell) in cells.enumerated() where index < fields.count {
            guard let field = fields[index] else { continue }
            let text = cell.trimmingSpaces
            if text.isEmpty || (text.utf8.count <= longest && placeholders.contains(text.lowercased())) { continue }
            if field == .decided {
                do { decided = (try Day.parse(text), header[index]) } catch {
                    return .failure(Rejection(column: header[index], reason: error.description))
                }
                continue
            }
            if field == .currency { continue }
            if field == .unknown { return .failure(Rejection(column: header[index], reason: "\(fieldOfColumn[index] ?? "") is not a lead field")) }
            if let reason = apply(field, text, currency: rowCurrency, to: &lead) {
                return .failure(Rejection(column: header[index], reason: reason))
            }
        }
        if let decided {
            guard lead.status != .new else {
                return .failure(Rejection(column: decided.column, reason: "a decision day needs an outcome (converted or not) in the same row"))
            }
            if let created = lead.createdAt, Day.format(decided.date) < Day.format(created) {
                return .failure(Rejection(column: decided.column, reason: "decided on \(Day.format(decided.date)), before the lead was created on \(Day.format(created))"))
            }
        }
        if lead.name.isEmpty {
            guard let company = lead.company else {
                let column = fieldOfColumn.firstIndex(of: "name").map { header[$0] } ?? "name"
                return .failure(Rejection(column: column, reason: "a lead needs a name or a company"))
            }
            lead.name = company
        }
        return .success(Read(lead: lead, decided: decided?.date))
    }

    /// Sets one field from its text; the reason it cannot, if any.
    private func apply(_ field: Field, _ text: String, currency rowCurrency: Currency?, to lead: inout Lead) -> String? {
        switch field {
        case .name: lead.name = text
        case .company: lead.company = text
        case .email:
            guard text.utf8.contains(64), text.utf8.first != 64, text.utf8.last != 64 else {
                return "\"\(text)\" is not an e-mail address"
            }
            lead.email = text
        case .phone:
            if let problem = CapturedLead.phoneProblem(text) { return problem }
            lead.phone = text
        case .source: lead.source = LeadFields.normalizedSource(text)
        case .campaign: lead.campaign = text
        case .tags: lead.tags = LeadFields.tags(text)
        case .owner: lead.owner = text
        case .region: lead.region = text
        case .industry: lead.industry = text.lowercased()
        case .budget:
            do {
                let money = try Money.parse(text, defaultCurrency: rowCurrency ?? currency)
                guard money.minorUnits >= 0 else { return "a budget cannot be negative" }
                if let rowCurrency, money.currency != rowCurrency {
                    return "\"\(text)\" is in \(money.currency.code) but the currency column says \(rowCurrency.code)"
                }
                lead.budget = money
            } catch { return error.description }
        case .authority:
            switch text.lowercased() {
            case "yes", "y", "true", "1": lead.authority = true
            case "no", "n", "false", "0": lead.authority = false
            default: return "\"\(text)\" is not yes or no"
            }
        case .need:
            guard let level = Int(text) ?? Self.needLevels[text.lowercased()], (0...3).contains(level) else {
                return "\"\(text)\" is not a need from 0 to 3 (or none, low, medium, high)"
            }
            lead.need = level
        case .timeline:
            guard let days = Int(text), (0...36_500).contains(days) else { return "\"\(text)\" is not a number of days" }
            lead.timelineDays = days
        case .frequency:
            guard let frequency = PurchaseFrequency(rawValue: text.lowercased()) else {
                return "\"\(text)\" is not one of \(PurchaseFrequency.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            lead.purchaseFrequency = frequency
        case .created:
            do { lead.createdAt = try Day.parse(text) } catch { return error.description }
        case .outcome:
            // History from another tool: converted (the sale was made; no deal is made here) or not.
            switch text.lowercased() {
            case "yes", "y", "true", "1", "converted", "won", "win": lead.status = .converted
            case "no", "n", "false", "0", "not converted", "lost", "disqualified", "unqualified": lead.status = .disqualified
            default: return "\"\(text)\" is not an outcome: yes or no (also 1 or 0, converted or lost)"
            }
        case .decided, .currency, .unknown:
            break  // read (or refused) by lead(from:) before the other fields
        }
        return nil
    }
}
