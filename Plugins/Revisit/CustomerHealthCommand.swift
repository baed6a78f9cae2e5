#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `customer health C-N`.
enum CustomerHealthCommand {
    static let command = Command(CommandSignature(
        "customer health",
        summary: "A customer's paid revenue, receivables, expected value of open deals, lifetime value, last contact and NPS.",
        positionals: [Positional("customer", .id(.customer), "The customer, e.g. C-5.")],
        flags: [Flag("lapsed-after", .duration, "No purchase or revisit for this long counts as lapsed.", default: .duration(180 * 86_400))],
        output: .any,
        examples: [Example("customer health C-1", "How a customer stands.", setup: "lead add Acme; lead qualify L-1 --force")]), catalog: true) { invocation, context in
        guard let customer = invocation.id("customer") else { throw CommandError("name a customer", argument: "customer") }
        let seconds: Int64 = if case .duration(let s)? = invocation["lapsed-after"] { s } else { 180 * 86_400 }
        return .record(try CustomerHealth.record(customer, lapsedAfterDays: seconds / 86_400, context))
    }
}
