import Foundation
import FunnelModel

/// What the predictive model can learn from: a lead's fields by name, each categorical (its text, or
/// several texts for `tags`) or numeric. Every read of a lead's field goes through `value(_:of:)`, so a
/// field kind added to leads (custom fields) needs one more case here and nothing else.
enum LeadFeatures {
    enum Kind: String { case category, number }

    /// A field's value on one lead.
    enum Reading: Equatable {
        case missing
        case categories([String])
        case number(Double)
    }

    /// The fields `screen train --fields` accepts, with their kind.
    static let fields: [(name: String, kind: Kind)] = [
        ("source", .category), ("campaign", .category), ("tags", .category), ("owner", .category),
        ("region", .category), ("industry", .category), ("company", .category), ("domain", .category),
        ("authority", .category), ("frequency", .category),
        ("budget", .number), ("need", .number), ("timeline", .number),
    ]

    /// The fields `screen train` uses when `--fields` names none: what a lead carries when it is added by hand.
    static let defaults = ["source", "industry", "region", "frequency", "authority", "budget", "need", "timeline"]

    static func kind(of field: String) -> Kind? { fields.first { $0.name == field }?.kind }

    /// The value of `field` on `lead` (the field is one of `fields`).
    static func value(_ field: String, of lead: Lead) -> Reading {
        func text(_ value: String?) -> Reading {
            guard let value, !value.isEmpty else { return .missing }
            return .categories([value])
        }
        switch field {
        case "source": return text(lead.source)
        case "campaign": return text(lead.campaign)
        case "tags": return lead.tags.isEmpty ? .missing : .categories(lead.tags)
        case "owner": return text(lead.owner)
        case "region": return text(lead.region)
        case "industry": return text(lead.industry?.lowercased())
        case "company": return text(lead.company?.lowercased())
        case "domain":
            // The e-mail's domain: a company's own against a free mail provider.
            guard let email = lead.email, let at = email.lastIndex(of: "@") else { return .missing }
            return text(String(email[email.index(after: at)...]).lowercased())
        case "authority": return lead.authority.map { .categories([$0 ? "yes" : "no"]) } ?? .missing
        case "frequency": return text(lead.purchaseFrequency?.rawValue)
        case "budget":
            // In major units of its currency (budgets in several currencies are not converted).
            guard let budget = lead.budget else { return .missing }
            return .number(Double(budget.minorUnits) / Double(max(1, budget.scale)))
        case "need": return lead.need.map { .number(Double($0)) } ?? .missing
        case "timeline": return lead.timelineDays.map { .number(Double($0)) } ?? .missing
        default: return .missing
        }
    }
}
