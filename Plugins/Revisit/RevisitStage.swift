#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit


/// The `revisit` slot: revisits on a cadence by customer tier, their outcome and NPS, new needs found on
/// a revisit opening a repeat deal in discovery, customer health and lifetime value, lapsed customers.
public struct RevisitStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .revisit, implementation: "cadence",
                        summary: "Revisit customers on a cadence, measure NPS and health, and turn new needs into repeat deals.",
                        version: "0.1.0", follows: .service)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [
            CommandEntry("revisit schedule") { RevisitScheduleCommand.command },
            CommandEntry("revisit list") { RevisitListCommand.command },
            CommandEntry("revisit log") { RevisitLogCommand.command },
            CommandEntry("customer list") { CustomerListCommand.command },
            CommandEntry("customer show") { CustomerShowCommand.command },
            CommandEntry("customer edit") { CustomerEditCommand.command },
            CommandEntry("contact list") { ContactListCommand.command },
            CommandEntry("customer health") { CustomerHealthCommand.command },
            CommandEntry("customer lapsed") { CustomerLapsedCommand.command },
        ]
    }

    public var settings: [Setting] {
        [Setting("revisit.cadence.*", "Days between revisits for a tier, e.g. revisit.cadence.gold 30day (gold 30, silver 60, bronze 90, standard 180).") { text in
            LiteralDays.seconds(text) == nil ? "\"\(text)\" is not a number of days such as 90day" : nil
         },
         .percentage("revisit.probability.*", "The chance (percent) an open deal in a stage closes, for customer health, e.g. revisit.probability.negotiate 60.",
                     default: nil, suffix: .stage)]
    }
}

/// How often each tier is revisited: `revisit.cadence.TIER` (defaults gold 30, silver 60, bronze 90, standard 180 days).
enum Cadence {
    static let defaults: [String: Int64] = ["gold": 30, "silver": 60, "bronze": 90, "standard": 180]

    static func days(tier: String?, _ context: StageContext) throws -> Int64 {
        let tier = tier ?? "standard"
        if let text = try context.setting("revisit.cadence.\(tier)") {
            guard let seconds = LiteralDays.seconds(text) else {
                throw CommandError("setting revisit.cadence.\(tier) is \"\(text)\", not a number of days such as 90day")
            }
            return seconds / 86_400
        }
        return defaults[tier] ?? 180
    }

    static func tier(of customer: EntityID, _ context: StageContext) throws -> String? {
        try context.database.query("SELECT tier FROM customers WHERE id = ?", [.integer(customer.number)]).first?.text("tier")
    }

    static func requireCustomer(_ customer: EntityID, _ context: StageContext) throws -> String {
        guard let name = try context.database.query("SELECT name FROM customers WHERE id = ?", [.integer(customer.number)]).first?.text("name") else {
            throw CommandError.notFound(customer, argument: "customer")
        }
        return name
    }
}

/// `90day`, `90`, `3week` as seconds.
enum LiteralDays {
    static func seconds(_ text: String) -> Int64? {
        let lower = text.lowercased().trimmingSpaces
        for (suffix, days) in [("days", Int64(1)), ("day", 1), ("weeks", 7), ("week", 7), ("", 1)] where lower.hasSuffix(suffix) {
            if let value = Int64(lower.dropLast(suffix.count)), value > 0, value < 36_500 { return value * days * 86_400 }
        }
        return nil
    }
}
