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

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [
            CommandEntry("deal list") { DealListCommand.command },
            CommandEntry("deal show") { DealShowCommand.command },
            CommandEntry("deal edit") { DealEditCommand.command },
            CommandEntry("deal lose") { DealLoseCommand.command },
            CommandEntry("deal assign") { DealAssignCommand.command },
            CommandEntry("activity add") { ActivityAddCommand.command },
            CommandEntry("activity list") { ActivityListCommand.command },
            CommandEntry("need add") { NeedAddCommand.command },
            CommandEntry("need list") { NeedListCommand.command },
            CommandEntry("need edit") { NeedEditCommand.command },
            CommandEntry("need rm") { NeedRemoveCommand.command },
            CommandEntry("stakeholder add") { StakeholderAddCommand.command },
            CommandEntry("stakeholder list") { StakeholderListCommand.command },
            CommandEntry("competitor add") { CompetitorAddCommand.command },
            CommandEntry("competitor list") { CompetitorListCommand.command },
        ]
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
