#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `ignore`: drops its input, so a pipeline run for what it does prints nothing.
enum IgnoreCommand {
    static let command = EngineCommand(CommandSignature(
        "ignore",
        summary: "Drop the input: run a pipeline for what it does and print nothing.",
        input: .any, output: .nothing,
        examples: [Example("lead add Acme | ignore", "Add a lead without a word.")])) { invocation, context in
        _ = try context.interpreter.materialize(invocation.input, at: context.node)
        return .null
    }
}
