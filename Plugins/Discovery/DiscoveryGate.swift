import FunnelModel
import StageKit

/// What a deal needs before it may leave discovery. Settings: `discover.gate.min-needs` (default 1),
/// `discover.gate.budget-confirmed` (default true), `discover.gate.decision-maker` (default false).
enum DiscoveryGate {
    static let minimumNeeds = Setting.integer("discover.gate.min-needs", "Needs a deal must have recorded to leave discovery.",
                                              default: 1, in: 0...1000)
    static let settings: [Setting] = [
        minimumNeeds,
        .bool("discover.gate.budget-confirmed", "Whether the budget must be confirmed to leave discovery.", default: true),
        .bool("discover.gate.decision-maker", "Whether a decision maker must be known to leave discovery.", default: false),
    ]

    static func reasons(_ deal: EntityID, context: StageContext) throws -> [String] {
        let database = context.database
        var reasons: [String] = []
        var minimum: Int64 = 1
        if let text = try context.setting(minimumNeeds.key) {
            if let problem = minimumNeeds.problem(text) {
                throw CommandError("setting \(minimumNeeds.key): \(problem)", hint: "config set \(minimumNeeds.key) 1")
            }
            minimum = Int64(text.trimmingSpaces) ?? 1
        }
        let needs = try database.query("SELECT count(*) AS n FROM needs WHERE deal_id = ?", [.integer(deal.number)]).first?.integer("n") ?? 0
        if needs < minimum { reasons.append(minimum == 1 ? "no need recorded" : "\(needs) of \(minimum) needs recorded") }
        if try flag("discover.gate.budget-confirmed", default: true, context) {
            let confirmed = try database.query("SELECT budget_confirmed FROM deal_discovery WHERE deal_id = ?",
                                               [.integer(deal.number)]).first?.integer("budget_confirmed") ?? 0
            if confirmed == 0 { reasons.append("budget not confirmed") }
        }
        if try flag("discover.gate.decision-maker", default: false, context) {
            let deciders = try database.query("SELECT count(*) AS n FROM stakeholders WHERE deal_id = ? AND decides = 1",
                                              [.integer(deal.number)]).first?.integer("n") ?? 0
            if deciders == 0 { reasons.append("no decision maker known") }
        }
        return reasons
    }

    private static func flag(_ key: String, default value: Bool, _ context: StageContext) throws -> Bool {
        guard let text = try context.setting(key) else { return value }
        switch text.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw CommandError("setting \(key) is \"\(text)\", not true or false", hint: "config set \(key) true")
        }
    }
}
