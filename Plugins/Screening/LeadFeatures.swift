#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// What the predictive model can learn from: a lead's fields by name, each categorical (its text, or
/// several texts for `tags`) or numeric. Built-in fields are read from the lead; a lead's custom
/// fields (`field add lead NAME TYPE`) from its custom values: a string or bool field is a category
/// (its text lower-cased; `yes`/`no`), an int field a number, and a date field the number of days
/// from the lead's creation to the date (negative when before it), so it reads the same on every day
/// the model is used. Every read goes through `value(_:of:custom:)`.
enum LeadFeatures {
    enum Kind: String { case category, number }

    /// A lead with the values of the custom fields a model reads (field name → stored value).
    struct Subject: Sendable {
        let lead: Lead
        var custom: [String: SQLValue] = [:]
    }

    /// The kind a custom field of `type` is learned as.
    static func kind(of type: CustomFields.FieldType) -> Kind {
        switch type {
        case .string, .bool: return .category
        case .int, .date, .decimal, .money: return .number
        @unknown default: return .category
        }
    }

    /// The value of custom field `field` (of `type`) on `subject`.
    static func value(custom field: String, _ type: CustomFields.FieldType, of subject: Subject) -> Reading {
        guard let raw = subject.custom[storedName(field)] else { return .missing }
        switch (type, CustomFields.stored(raw, as: type)) {
        case (.string, .text(let text)):
            let value = text.trimmingSpaces.lowercased()
            return value.isEmpty ? .missing : .categories([value])
        case (.string, .integer(let number)): return .categories([String(number)])
        case (.bool, .integer(let flag)): return .categories([flag != 0 ? "yes" : "no"])
        case (.int, .integer(let number)): return .number(Double(number))
        case (.int, .real(let number)): return .number(number)
        // Features for a model, not amounts: binary floating point is fine here.
        case (.decimal, .integer(let scaled)): return .number(Double(scaled) / 1_000_000)
        case (.money, .integer(let minor)): return .number(Double(minor))
        case (.date, .text(let text)):
            guard let date = try? Day.parse(text), let created = subject.lead.createdAt else { return .missing }
            // Calendar days from the day the lead was created (UTC), so the time of day does not count.
            let day = { (date: Date) in (date.timeIntervalSince1970 / 86_400).rounded(.down) }
            return .number(day(date) - day(created))
        default: return .missing
        }
    }

    /// The custom field's own name: `custom.NAME` names a custom field whose name a built-in one also has.
    static func storedName(_ field: String) -> String {
        field.hasPrefix("custom.") ? String(field.dropFirst(7)) : field
    }

    /// Reads the values of `fields` (custom lead fields) for the leads `records`, in one query per
    /// thousand leads: record → field → stored value.
    static func customValues(_ fields: [String], records: [Int64], in database: any SQLDatabase) throws -> [Int64: [String: SQLValue]] {
        guard !fields.isEmpty, !records.isEmpty else { return [:] }
        var result: [Int64: [String: SQLValue]] = [:]
        let fields = fields.map(storedName)
        let names = fields.map { _ in "?" }.joined(separator: ", ")
        for start in stride(from: 0, to: records.count, by: 1000) {
            let batch = Array(records[start..<min(records.count, start + 1000)])
            let among = Relation.Fragment.among("record", batch)
            for row in try database.query("SELECT record, field, value FROM custom_values WHERE entity = 'lead' AND field IN (\(names)) AND \(among.sql)",
                                          fields.map(SQLValue.text) + among.arguments) {
                let value = row["value"]
                guard let record = row.integer("record"), let field = row.text("field"), value != .null else { continue }
                result[record, default: [:]][field] = value
            }
        }
        return result
    }

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
