#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `contract show K-N`.
enum ContractShowCommand {
    static let command = Command(CommandSignature(
        "contract show",
        summary: "Show a contract's terms.",
        positionals: [Positional("contract", .id(.contract), "The contract, e.g. K-1.")],
        output: .any,
        examples: [Example("contract list", "Every contract.")]), catalog: true) { invocation, context in
        guard let id = invocation.id("contract") else { throw CommandError("contract show needs a contract", argument: "contract") }
        return .record(ContractTable.record(try ContractTable.require(id, context)))
    }
}
