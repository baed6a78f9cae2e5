#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// `stage use SLOT IMPLEMENTATION`: makes another implementation of a slot the active one.
enum StageUseCommand {
    static func make(registry: StageRegistry) -> EngineCommand {
        EngineCommand(CommandSignature(
            "stage use",
            summary: "Make an implementation the active one of its slot for this session.",
            positionals: [Positional("slot", .string, "The slot, e.g. screen."),
                          Positional("implementation", .string, "The implementation's name, e.g. bant.")],
            output: .nothing, impact: .none,
            examples: [Example("stage use screen fit", "Screen leads with the fit scorer from now on.")])) { [registry] invocation, context in
            let slot = invocation.string("slot") ?? ""
            let name = invocation.string("implementation") ?? ""
            do {
                try registry.use(slot: slot, implementation: name)
            } catch let error as StageRegistry.RegistrationError {
                if case .unknownSlot = error { throw CommandError(error.description, argument: "slot") }
                throw CommandError(error.description, argument: "implementation")
            }
            context.output.note("\(slot) → \(name) (for this session; put this line in the start-up script to keep it)")
            return .null
        }
    }
}
