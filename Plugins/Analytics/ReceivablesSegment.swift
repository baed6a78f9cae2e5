#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// What `report receivables --by` breaks invoices down by: the customer's name or tier, or a custom
/// field of invoices (`field add invoice region string`) or of customers (`field add customer segment
/// string`). Invoices without a value read "(none)".
struct ReceivablesSegment: Equatable {
    /// The segment's name, which heads its column.
    let name: String
    /// The SQL expression for an invoice `i` joined with its customer `c`.
    let expression: String

    /// The built-in segments, in the order help lists them.
    static let builtIn = [ReceivablesSegment(name: "customer", expression: "coalesce(c.name, '(none)')"),
                          ReceivablesSegment(name: "tier", expression: "coalesce(c.tier, '(none)')")]

    static let flag = Flag("by", .string, "Break the report down by: " + builtIn.map(\.name).joined(separator: ", ")
        + ", or a custom field of invoices or customers.")
        .suggesting(builtIn.map(\.name), customFieldsOf: [.invoice, .customer])

    /// Invoices with their customer, for the expressions above.
    static let customerJoin = "LEFT JOIN customers c ON c.id = i.customer_id"

    /// The segment `--by` names: a built-in one, else a custom field of invoices, else of customers.
    static func from(_ invocation: Invocation, _ context: StageContext) throws -> ReceivablesSegment? {
        guard let name = invocation.string("by")?.trimmingSpaces else { return nil }
        if let known = builtIn.first(where: { $0.name == name }) { return known }
        if let field = try CustomFields.field(name, of: .invoice, in: context.database) {
            return ReceivablesSegment(name: name, expression: try Segment.custom(field, key: "i.id", others: builtIn.map(\.name)))
        }
        if let field = try CustomFields.field(name, of: .customer, in: context.database) {
            return ReceivablesSegment(name: name, expression: try Segment.custom(field, key: "i.customer_id", others: builtIn.map(\.name)))
        }
        let custom = try CustomFields.fields(of: .invoice, in: context.database).map(\.name)
            + CustomFields.fields(of: .customer, in: context.database).map(\.name)
        throw CommandError("\"\(name)\" is not a segment of receivables (segments: \(builtIn.map(\.name).joined(separator: ", "))"
            + (custom.isEmpty ? "" : "; custom fields: " + custom.joined(separator: ", ")) + ")", argument: "by",
            hint: custom.isEmpty ? "a custom field of invoices or customers may be used too: field add invoice NAME TYPE" : nil)
    }
}
