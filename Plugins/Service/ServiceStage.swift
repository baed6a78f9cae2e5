#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// The `service` slot: after-sales tickets (installation, training, support, issues) tied to a customer
/// and contract, due within the contract's service level, through open → in-progress → resolved → closed.
public struct ServiceStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .service, implementation: "tickets",
                        summary: "Track after-sales tickets against the contract's service level.",
                        version: "0.1.0", follows: .payment)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [
            CommandEntry("ticket open") { TicketOpenCommand.command },
            CommandEntry("ticket start") { TicketStepCommand.start },
            CommandEntry("ticket resolve") { TicketStepCommand.resolve },
            CommandEntry("ticket close") { TicketStepCommand.close },
            CommandEntry("ticket list") { TicketListCommand.command },
        ]
    }
}
