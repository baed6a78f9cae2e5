#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit



/// The `sign` slot: a contract from an accepted quote — price, delivery date, payment terms, warranty,
/// service level, signatory — that wins the deal; amendments as new versions; cancellation with a reason.
public struct SigningStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .sign, implementation: "contracts",
                        summary: "Sign contracts from accepted quotes, amend them as versions, cancel with a reason.",
                        version: "0.1.0", follows: .negotiate)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [
            CommandEntry("contract sign") { ContractSignCommand.command },
            CommandEntry("contract show") { ContractShowCommand.command },
            CommandEntry("contract list") { ContractListCommand.command },
            CommandEntry("contract amend") { ContractAmendCommand.command },
            CommandEntry("contract cancel") { ContractCancelCommand.command },
        ]
    }

    // A deal leaves signing once a contract of it is signed: the slot's gate (`StageSlot.handOffMissing`).
}
