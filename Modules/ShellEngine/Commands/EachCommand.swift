#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `each { |x| ... }`: runs the closure for every item or row and collects the results.
enum EachCommand {
    static let command = EngineCommand(CommandSignature(
        "each",
        summary: "Run a closure on every item or row and collect what it returns.",
        positionals: [Positional("closure", .closure, "What to do with each item, e.g. { |lead| $lead.name }.")],
        input: .any, output: .any,
        examples: [
            Example("[1 2 3] | each { |n| $n * 10 }", "Multiply every number."),
            Example("lead list | each { |lead| $\"($lead.name): ($lead.budget)\" }", "A line of text per lead.",
                    setup: "lead add Acme --budget 5000"),
        ])) { invocation, context in
        let closure = invocation["closure"] ?? .null
        var results: [Value] = []
        var allRecords = true
        for item in try context.items(invocation.input, for: "each") {
            if context.interpreter.cancellation.isCancelled { throw context.interpreter.cancelled(at: context.node) }
            let result = try context.call(closure, [item], input: item)
            if result == .null { continue }
            if case .record = result {} else { allRecords = false }
            results.append(result)
        }
        if allRecords, !results.isEmpty, let rows = Value.list(results).rows { return .table(Table(rows: rows)) }
        return .list(results)
    }
}
