import Foundation
import FunnelModel
import StageKit

/// Turns one imported row into a lead, or the reasons it is rejected (each naming its column).
struct LeadRowReader {
    let mapping: ColumnMapping
    let header: [String]
    /// Texts meaning "unknown", compared ignoring case, besides the empty text.
    let placeholders: Set<String>
    /// The longest placeholder, so longer cells skip the case-folded lookup.
    var longestPlaceholder: Int { placeholders.map(\.utf8.count).max() ?? 0 }
    let defaultSource: String?
    let defaultCampaign: String?
    /// The currency of budgets that name none (`lead import --currency`).
    var currency: Currency = .cny
    let now: Date

    struct Rejection: Error {
        let column: String
        let reason: String
    }

    func lead(from cells: [String]) -> Result<Lead, Rejection> {
        var lead = Lead(id: EntityID(.lead, 0), name: "", source: defaultSource, campaign: defaultCampaign, createdAt: now)
        let longest = longestPlaceholder
        for (index, cell) in cells.enumerated() where index < mapping.fieldOfColumn.count {
            guard let field = mapping.fieldOfColumn[index] else { continue }
            let text = cell.trimmingSpaces
            if text.isEmpty || (text.utf8.count <= longest && placeholders.contains(text.lowercased())) { continue }
            if let reason = apply(field, text, to: &lead) {
                return .failure(Rejection(column: header[index], reason: reason))
            }
        }
        if lead.name.isEmpty {
            guard let company = lead.company else {
                let column = mapping.fieldOfColumn.firstIndex(of: "name").map { header[$0] } ?? "name"
                return .failure(Rejection(column: column, reason: "a lead needs a name or a company"))
            }
            lead.name = company
        }
        return .success(lead)
    }

    /// Sets one field from its text; the reason it cannot, if any.
    private func apply(_ field: String, _ text: String, to lead: inout Lead) -> String? {
        switch field {
        case "name": lead.name = text
        case "company": lead.company = text
        case "email":
            guard text.utf8.contains(64), text.utf8.first != 64, text.utf8.last != 64 else {
                return "\"\(text)\" is not an e-mail address"
            }
            lead.email = text
        case "phone":
            if let problem = CapturedLead.phoneProblem(text) { return problem }
            lead.phone = text
        case "source": lead.source = LeadFields.normalizedSource(text)
        case "campaign": lead.campaign = text
        case "tags": lead.tags = LeadFields.tags(text)
        case "owner": lead.owner = text
        case "region": lead.region = text
        case "industry": lead.industry = text.lowercased()
        case "budget":
            do {
                let money = try Money.parse(text, defaultCurrency: currency)
                guard money.minorUnits >= 0 else { return "a budget cannot be negative" }
                lead.budget = money
            } catch { return error.description }
        case "authority":
            switch text.lowercased() {
            case "yes", "y", "true", "1": lead.authority = true
            case "no", "n", "false", "0": lead.authority = false
            default: return "\"\(text)\" is not yes or no"
            }
        case "need":
            let levels = ["none": 0, "low": 1, "medium": 2, "clear": 2, "high": 3, "urgent": 3]
            guard let level = Int(text) ?? levels[text.lowercased()], (0...3).contains(level) else {
                return "\"\(text)\" is not a need from 0 to 3 (or none, low, medium, high)"
            }
            lead.need = level
        case "timeline":
            guard let days = Int(text), (0...36_500).contains(days) else { return "\"\(text)\" is not a number of days" }
            lead.timelineDays = days
        case "frequency":
            guard let frequency = PurchaseFrequency(rawValue: text.lowercased()) else {
                return "\"\(text)\" is not one of \(PurchaseFrequency.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            lead.purchaseFrequency = frequency
        case "created":
            do { lead.createdAt = try Day.parse(text) } catch { return error.description }
        default:
            return "\(field) is not a lead field"
        }
        return nil
    }
}
