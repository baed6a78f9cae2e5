#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `count`: how many rows or items; on stored rows the database counts.
enum CountCommand {
    static let command = EngineCommand(CommandSignature(
        "count",
        summary: "Count the rows or items of the input.",
        input: .any, output: .any,
        examples: [Example("lead list | where budget > 1000 | count", "How many leads have a budget over 1,000.00.",
                           setup: "lead add Acme --budget 5000")])) { invocation, context in
        try Counting.count(invocation.input, context: context)
    }
}

/// `length`: the same as `count`, by the name nushell uses.
enum LengthCommand {
    static let command = EngineCommand(CommandSignature(
        "length",
        summary: "Count the rows or items of the input (the same as count).",
        input: .any, output: .any,
        examples: [Example("[a b c] | length", "Three.")])) { invocation, context in
        try Counting.count(invocation.input, context: context)
    }
}

enum Counting {
    static func count(_ input: Value, context: CallContext) throws -> Value {
        switch input {
        case .relation(let relation): return .int(try relation.count(in: try context.stageContext().database))
        case .string(let text): return .int(Int64(text.count))
        case .record(let record): return .int(Int64(record.fields.count))
        case .range(let low, let high):
            guard let length = RangeLength.of(low, high) else { throw CommandError("the range holds more integers than a count can hold") }
            return .int(length)
        default: return .int(Int64(try context.items(input, for: "count").count))
        }
    }
}
