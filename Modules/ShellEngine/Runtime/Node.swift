#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// A piece of compiled code. Subclasses evaluate themselves; the compiler has already resolved
/// variables to frame slots, so running does no name lookups.
class Node {
    let span: Span
    let unit: SourceUnit

    init(span: Span, unit: SourceUnit) {
        self.span = span
        self.unit = unit
    }

    func evaluate(_ env: Env) throws -> Value {
        throw failure("internal error: \(type(of: self)) cannot be evaluated")
    }

    /// A script error located at this node (or at `span`).
    func failure(_ message: String, hint: String? = nil, at span: Span? = nil) -> ScriptFailure {
        ScriptFailure(.script, Diagnostic(message, at: span ?? self.span, hint: hint), in: unit.file)
    }
}

/// Statements run in order; the block's value is the last statement's.
final class BlockNode: Node {
    let statements: [Node]

    init(statements: [Node], span: Span, unit: SourceUnit) {
        self.statements = statements
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        var value: Value = .null
        for statement in statements {
            value = try statement.evaluate(env)
        }
        return value
    }
}
