#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `reduce [--fold INITIAL] { |it, acc| ... }`: combines the items into one value.
enum ReduceCommand {
    static let command = EngineCommand(CommandSignature(
        "reduce",
        summary: "Combine the items into one value: the closure gets each item and the value so far.",
        positionals: [Positional("closure", .closure, "{ |it, acc| ... }: the next value so far from an item and the value so far.")],
        flags: [Flag("fold", .word, "The value to start from; without it the first item is, and the closure runs from the second.")],
        input: .any, output: .any,
        examples: [
            Example("[1 2 3 4] | reduce { |it, acc| $acc + $it }", "10."),
            Example("[3 4] | reduce --fold 100 { |it, acc| $acc - $it }", "93."),
            Example("lead list | reduce --fold 0CNY { |lead, total| $total + $lead.budget }", "The total budget.",
                    setup: "lead add A --budget 100; lead add B --budget 250"),
        ])) { invocation, context in
        let closure = invocation["closure"] ?? .null
        guard ClosureArity.declared(closure) == 2 else {
            throw CommandError("reduce needs a closure of two parameters, the item and the value so far", argument: "closure",
                               hint: "reduce { |it, acc| $acc + $it }")
        }
        var items = try context.items(invocation.input, for: "reduce")[...]
        var accumulator: Value
        if let fold = invocation["fold"] {
            accumulator = fold
        } else {
            guard let first = items.popFirst() else {
                throw CommandError("reduce has no items and no --fold value to start from", hint: "give one: reduce --fold 0 { |it, acc| ... }")
            }
            accumulator = first
        }
        for item in items {
            if context.interpreter.cancellation.isCancelled { throw context.interpreter.cancelled(at: context.node) }
            accumulator = try context.call(closure, [item, accumulator], input: item)
        }
        return accumulator
    }
}
