#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// What the `str` commands share: they work on text, or on each text of a list (null stays null).
enum StringInput {
    static func map(_ invocation: Invocation, _ context: CallContext, _ command: String,
                    _ transform: (String) throws -> Value) throws -> Value {
        let input = try context.interpreter.materialize(invocation.input, at: context.node)
        func one(_ value: Value) throws -> Value {
            switch value {
            case .string(let text): return try transform(text)
            case .null: return .null
            default:
                throw CommandError("\(command) works on text, got \(Operators.describe(value))",
                                   hint: value.isListLike || value.rows != nil ? "take a column first: get NAME | \(command)" : "turn it into text first, for example with to json")
            }
        }
        if case .list(let items) = input { return .list(try items.map(one)) }
        return try one(input)
    }
}
