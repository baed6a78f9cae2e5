import Foundation
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

    public var commands: [Command] {
        [TicketOpenCommand.command, TicketStepCommand.start, TicketStepCommand.resolve, TicketStepCommand.close, TicketListCommand.command]
    }
}

/// Hours to answer a ticket by service level; an urgent ticket gets half, a low one twice.
enum ServiceHours {
    static let byLevel: [String: Int64] = ["gold": 4, "silver": 24, "bronze": 72, "standard": 120]

    static func hours(level: String, priority: String) -> Int64 {
        let base = byLevel[level] ?? 120
        switch priority {
        case "urgent": return max(1, base / 2)
        case "low": return base * 2
        default: return base
        }
    }
}
