import FunnelModel
import StageKit



/// The `discover` slot: conversations, structured needs, stakeholders and competitors on a deal, and
/// the gate a deal must pass to leave discovery (by default: at least one need and a confirmed budget).
public struct DiscoveryStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .discover, implementation: "needs",
                        summary: "Record conversations and needs; gate deals on needs and a confirmed budget.",
                        version: "0.1.0", follows: .screen)
    }

    public var commands: [Command] {
        [DealListCommand.command, DealShowCommand.command, DealEditCommand.command, DealLoseCommand.command, ActivityAddCommand.command,
         ActivityListCommand.command, NeedAddCommand.command, NeedListCommand.command, NeedEditCommand.command,
         NeedRemoveCommand.command, StakeholderAddCommand.command,
         StakeholderListCommand.command, CompetitorAddCommand.command, CompetitorListCommand.command]
    }

    public var migrations: [Migration] { DiscoverySchema.migrations }

    /// The discovery gate: what keeps a deal in discovery.
    public var settings: [Setting] { DiscoveryGate.settings }

    public func exitCheck(_ subject: Value, context: StageContext) throws -> [String] {
        guard case .id(let deal) = subject, deal.kind == .deal else { return [] }
        return try DiscoveryGate.reasons(deal, context: context)
    }

    public func describeIDs(of kind: EntityKind, matching prefix: String, context: StageContext) throws -> [IDDescription] {
        guard kind == .deal else { return [] }
        let digits = prefix.split(separator: "-", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        return try context.database.query(
            "SELECT d.id, d.title, d.stage, d.status FROM deals d WHERE CAST(d.id AS TEXT) LIKE ? ORDER BY d.id LIMIT 50",
            [.text(digits + "%")]).map { row in
            IDDescription(id: EntityID(.deal, row.integer("id") ?? 0),
                          summary: "\(row.text("title") ?? "") · \(row.text("stage") ?? "") · \(row.text("status") ?? "")")
        }
    }
}
