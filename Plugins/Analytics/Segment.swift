#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StageKit
import FunnelModel

/// What a report can be broken down by, and where each lives: a deal's owner and product, its
/// customer's tier, the source, campaign, industry and region of the lead it came from, or a custom
/// field of deals or of leads (`field add deal renewal_date date`, `--by renewal_date`).
/// Deals imported from another CRM have no lead: their lead segments read "(none)", as do deals
/// without a value of a custom field.
struct Segment: Equatable {
    /// The segment's name, which heads its column in a report.
    let rawValue: String
    /// The SQL expression for a deal (`d`) joined with its lead (`l`) and customer (`c`).
    let dealExpression: String
    /// The SQL expression for a lead (`l`); nil for segments leads do not have.
    let leadExpression: String?

    /// The deal's owner, else its lead's: the lead is looked up only for a deal without an owner, so
    /// a report by owner over a million stays reads no lead at all when deals have owners (half the time).
    static let owner = Segment(rawValue: "owner", dealExpression: "coalesce(d.owner, (SELECT lo.owner FROM leads lo WHERE lo.id = d.lead_id), '(none)')",
                               leadExpression: "coalesce(l.owner, '(none)')")
    static let product = Segment(rawValue: "product", dealExpression: "coalesce(d.product, '(none)')", leadExpression: nil)
    static let tier = Segment(rawValue: "tier", dealExpression: "coalesce(c.tier, '(none)')", leadExpression: nil)
    /// The deal's currency (the lead's budget currency for lead reports): one row per currency, never
    /// adding amounts in different ones.
    static let currency = Segment(rawValue: "currency", dealExpression: "coalesce(nullif(d.value_currency, ''), '(none)')",
                                  leadExpression: "coalesce(nullif(l.budget_currency, ''), '(none)')")
    /// Whether `dealExpression` reads the deal's lead (`l.`): a query needs the leads join only then
    /// (SQLite keeps an unused LEFT JOIN inside a grouped CTE, which cost the review 1.5 s).
    var readsLead: Bool {
        let bytes = Array(dealExpression.utf8)
        return bytes.indices.dropLast().contains { index in
            bytes[index] == UInt8(ascii: "l") && bytes[index + 1] == UInt8(ascii: ".")
                && (index == 0 || !(bytes[index - 1] == UInt8(ascii: "_") || (bytes[index - 1] | 0x20) >= UInt8(ascii: "a") && (bytes[index - 1] | 0x20) <= UInt8(ascii: "z")
                                   || bytes[index - 1] >= UInt8(ascii: "0") && bytes[index - 1] <= UInt8(ascii: "9")))
        }
    }

    static let source = leadColumn("source"), campaign = leadColumn("campaign"), industry = leadColumn("industry"), region = leadColumn("region")

    private static func leadColumn(_ name: String) -> Segment {
        Segment(rawValue: name, dealExpression: "coalesce(l.\(name), '(none)')", leadExpression: "coalesce(l.\(name), '(none)')")
    }

    /// The built-in segments, in the order help lists them.
    static let builtIn: [Segment] = [.owner, .source, .campaign, .industry, .region, .product, .tier, .currency]

    static let flag = Flag("by", .string, "Break the report down by this segment: "
        + builtIn.map(\.rawValue).joined(separator: ", ") + ", or a custom field of deals or leads.")
        .suggesting(builtIn.map(\.rawValue), customFieldsOf: [.deal, .lead])

    /// The segment `--by` names: a built-in one, else a custom field of deals, else of leads.
    static func from(_ invocation: Invocation, _ context: StageContext) throws -> Segment? {
        guard let name = invocation.string("by")?.trimmingSpaces else { return nil }
        if let known = builtIn.first(where: { $0.rawValue == name }) { return known }
        if let field = try CustomFields.field(name, of: .deal, in: context.database) {
            return Segment(rawValue: name, dealExpression: try custom(field, key: "d.id"), leadExpression: nil)
        }
        if let field = try CustomFields.field(name, of: .lead, in: context.database) {
            let expression = try custom(field, key: "l.id")
            return Segment(rawValue: name, dealExpression: expression, leadExpression: expression)
        }
        let custom = try CustomFields.fields(of: .deal, in: context.database).map(\.name) + CustomFields.fields(of: .lead, in: context.database).map(\.name)
        throw CommandError("\"\(name)\" is not a segment (segments: \(builtIn.map(\.rawValue).joined(separator: ", "))"
            + (custom.isEmpty ? "" : "; custom fields: " + custom.joined(separator: ", ")) + ")", argument: "by",
            hint: custom.isEmpty ? "a custom field of deals or leads may be used too: field add deal NAME TYPE" : nil)
    }

    /// A custom field's value as the text a report groups by: dates as YYYY-MM-DD, yes/no for bools.
    /// Amounts and decimals are measures, not segments: a report sums them, it does not group by them.
    /// `others` are the report's built-in segments, named in the refusal of an amount.
    static func custom(_ field: CustomFields.Field, key: String, others: [String] = builtIn.map(\.rawValue)) throws -> String {
        let value = CustomFields.valueSQL(field.entity, field.name, key: key)
        let text: String
        switch field.type {
        case .string: text = value
        case .int: text = "CAST(\(value) AS TEXT)"
        case .date: text = "substr(\(value), 1, 10)"
        case .bool: text = "CASE \(value) WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END"
        case .money, .decimal:
            throw CommandError("\(field.name) is \(field.type.rawValue): a report is broken down by a field of kinds, not of amounts", argument: "by",
                               hint: "a string, int, date or bool field, or one of " + others.joined(separator: ", "))
        @unknown default: text = value
        }
        return "coalesce(\(text), '(none)')"
    }

    /// `GROUP BY` positions for a query whose first column is the segment: without a segment that
    /// column is a constant, and grouping by it would only make SQLite sort on one more key.
    static func groupBy(_ segment: Segment?, _ columns: Int) -> String {
        (segment == nil ? 2...max(2, columns) : 1...max(1, columns)).map(String.init).joined(separator: ", ")
    }

    /// Deals with their lead and customer, for the expressions above.
    static let dealJoins = "deals d LEFT JOIN leads l ON l.id = d.lead_id LEFT JOIN customers c ON c.id = d.customer_id"
}
