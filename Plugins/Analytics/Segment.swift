import Foundation
import StageKit

/// What a report can be broken down by, and where each lives: a deal's owner and product, its
/// customer's tier, and the source, campaign, industry and region of the lead it came from.
/// Deals imported from another CRM have no lead: their lead segments read "(none)".
enum Segment: String, CaseIterable {
    case owner, source, campaign, industry, region, product, tier

    static let flag = Flag("by", .choice(allCases.map(\.rawValue)), "Break the report down by this segment.")

    static func from(_ invocation: Invocation) -> Segment? { invocation.string("by").flatMap(Segment.init(rawValue:)) }

    /// The SQL expression for a deal (`d`) joined with its lead (`l`) and customer (`c`).
    var dealExpression: String {
        switch self {
        case .owner: return "coalesce(d.owner, l.owner, '(none)')"
        case .product: return "coalesce(d.product, '(none)')"
        case .tier: return "coalesce(c.tier, '(none)')"
        case .source, .campaign, .industry, .region: return "coalesce(l.\(rawValue), '(none)')"
        }
    }

    /// The SQL expression for a lead (`l`); nil for segments leads do not have.
    var leadExpression: String? {
        switch self {
        case .owner, .source, .campaign, .industry, .region: return "coalesce(l.\(rawValue), '(none)')"
        case .product, .tier: return nil
        }
    }

    /// `GROUP BY` positions for a query whose first column is the segment: without a segment that
    /// column is a constant, and grouping by it would only make SQLite sort on one more key.
    static func groupBy(_ segment: Segment?, _ columns: Int) -> String {
        (segment == nil ? 2...max(2, columns) : 1...max(1, columns)).map(String.init).joined(separator: ", ")
    }

    /// Deals with their lead and customer, for the expressions above.
    static let dealJoins = "deals d LEFT JOIN leads l ON l.id = d.lead_id LEFT JOIN customers c ON c.id = d.customer_id"
}
