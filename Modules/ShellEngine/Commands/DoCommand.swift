#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `do CLOSURE ARGS...`: calls a closure, usually one held in a variable, with arguments; the
/// pipeline input is its `$in`.
enum DoCommand {
    static let command = EngineCommand(CommandSignature(
        "do",
        summary: "Call a closure (one held in a variable, say) with arguments; the input is its $in.",
        positionals: [
            Positional("closure", .closure, "The closure to call."),
            Positional("arguments", .word, "Its arguments, one per parameter.", optional: true, rest: true),
        ],
        input: .any, output: .any,
        examples: [
            Example("let double = { |n| $n * 2 }; do $double 21", "Call a closure from a variable."),
            Example("let total = { |a, b| $a + $b }; do $total 100CNY 50CNY", "Two arguments."),
            Example("[1 2 3] | do { $in | length }", "The input is $in."),
        ])) { invocation, context in
        let closure = invocation["closure"] ?? .null
        let arguments = invocation.list("arguments")
        try ClosureArity.check(closure, given: arguments.count, argument: "arguments")
        return try context.call(closure, arguments, input: invocation.input)
    }
}

/// Checking a closure's parameters against the arguments a command will pass it.
enum ClosureArity {
    /// Refuses a call whose arguments do not fill the closure's declared parameters exactly; a closure
    /// without declared parameters takes at most one (its `$it`).
    static func check(_ closure: Value, given count: Int, argument: String) throws {
        guard case .closure(let opaque) = closure, let compiled = opaque.payload as? CompiledClosure else { return }
        if compiled.declaresParameters {
            guard count != compiled.parameterCount else { return }
            let wanted = compiled.parameterCount == 1 ? "1 argument" : "\(compiled.parameterCount) arguments"
            throw CommandError("the closure takes \(wanted), got \(count)", argument: count > compiled.parameterCount ? argument : "closure",
                               hint: "pass one argument for each |parameter|")
        }
        if count > 1 {
            throw CommandError("the closure declares no parameters, so it takes at most 1 argument ($it), got \(count)",
                               argument: argument, hint: "name them: { |a, b| ... }")
        }
    }

    /// The number of parameters a closure declares (`nil` when it declares none and uses `$it`).
    static func declared(_ closure: Value) -> Int? {
        guard case .closure(let opaque) = closure, let compiled = opaque.payload as? CompiledClosure,
              compiled.declaresParameters else { return nil }
        return compiled.parameterCount
    }
}
