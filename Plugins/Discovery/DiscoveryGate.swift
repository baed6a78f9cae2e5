import FunnelModel
import StageKit

/// What the built-in discovery asks of a deal before it may leave, besides the slot's own gate (needs
/// and a confirmed budget, `StageSlot.handOffMissing`): a known decision maker, when
/// `discover.gate.decision-maker` is true (default false).
enum DiscoveryGate {
    static let settings: [Setting] = [
        StageSlot.minimumNeeds, StageSlot.budgetConfirmedRequired,
        .bool("discover.gate.decision-maker", "Whether a decision maker must be known to leave discovery.", default: false),
    ]

    static func reasons(_ deal: EntityID, context: StageContext) throws -> [String] {
        let database = context.database
        var reasons: [String] = []
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
