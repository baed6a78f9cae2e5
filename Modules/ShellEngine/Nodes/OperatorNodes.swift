#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `a OP b` for every operator but `and`/`or`.
final class BinaryNode: Node {
    let op: BinaryOperator
    let left: Node
    let right: Node

    init(op: BinaryOperator, left: Node, right: Node, span: Span, unit: SourceUnit) {
        self.op = op
        self.left = left
        self.right = right
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        let a = try left.evaluate(env)
        let b = try right.evaluate(env)
        // Fast path for the commonest case, integers.
        if case .int(let x) = a, case .int(let y) = b, let result = IntegerFastPath.apply(op, x, y) { return result }
        let interpreter = env.interpreter
        do {
            return try Operators.apply(op, try interpreter.materialize(a, at: left), try interpreter.materialize(b, at: right))
        } catch let error as Operators.Failure {
            throw failure(error.message, hint: error.hint)
        }
    }
}

/// `$a OP $b` or `$a OP 5` with both variables in the current frame: reads integers straight from
/// the slots, without evaluating child nodes, and falls back to the general operator otherwise.
/// Loops are made of these (`while $i < $n`, `$s = $s + $i`).
final class SlotIntegerBinaryNode: Node {
    let op: BinaryOperator
    let leftSlot: Int
    let rightSlot: Int?
    let constant: Int64
    let general: BinaryNode

    init(op: BinaryOperator, leftSlot: Int, rightSlot: Int?, constant: Int64, general: BinaryNode) {
        self.op = op
        self.leftSlot = leftSlot
        self.rightSlot = rightSlot
        self.constant = constant
        self.general = general
        super.init(span: general.span, unit: general.unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        let frame = env.frame
        if let x = frame.integer(at: leftSlot), let y = rightSlot.map({ frame.integer(at: $0) }) ?? constant,
           let result = IntegerFastPath.apply(op, x, y) {
            return result
        }
        return try general.evaluate(env)
    }

    /// The fast node for `general` when its operands allow one.
    static func specialise(_ general: BinaryNode) -> Node {
        guard let left = general.left as? VariableNode, left.depth == 0, left.path.isEmpty else { return general }
        if let right = general.right as? VariableNode, right.depth == 0, right.path.isEmpty {
            return SlotIntegerBinaryNode(op: general.op, leftSlot: left.slot, rightSlot: right.slot, constant: 0, general: general)
        }
        if let right = general.right as? ConstantNode, case .int(let value) = right.value {
            return SlotIntegerBinaryNode(op: general.op, leftSlot: left.slot, rightSlot: nil, constant: value, general: general)
        }
        return general
    }
}

/// Integer arithmetic and comparison without the general operator machinery; `nil` when the
/// operator needs it (overflow, division, and so on).
enum IntegerFastPath {
    @inline(__always)
    static func apply(_ op: BinaryOperator, _ x: Int64, _ y: Int64) -> Value? {
        switch op {
        case .add:
            let (sum, overflow) = x.addingReportingOverflow(y)
            return overflow ? nil : .int(sum)
        case .subtract:
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            return overflow ? nil : .int(difference)
        case .less: return .bool(x < y)
        case .lessOrEqual: return .bool(x <= y)
        case .greater: return .bool(x > y)
        case .greaterOrEqual: return .bool(x >= y)
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        default: return nil
        }
    }
}

/// `a OP b OP c ...` for operators of one precedence (not `and`/`or`), applied left to right with
/// no recursion: the node for chains of two or more operators (a single one is a `BinaryNode`).
final class OperatorChainNode: Node {
    struct Step {
        let op: BinaryOperator
        let operand: Node
        /// From the chain's first operand to this one: where an error in this step is reported, as it
        /// would be for the nested operation `((a OP b) OP c)`.
        let span: Span
    }

    let first: Node
    let steps: [Step]

    init(first: Node, steps: [Step], span: Span, unit: SourceUnit) {
        self.first = first
        self.steps = steps
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        var a = try first.evaluate(env)
        for step in steps {
            let b = try step.operand.evaluate(env)
            if case .int(let x) = a, case .int(let y) = b, let result = IntegerFastPath.apply(step.op, x, y) {
                a = result
                continue
            }
            let interpreter = env.interpreter
            do {
                a = try Operators.apply(step.op, try interpreter.materialize(a, at: first),
                                        try interpreter.materialize(b, at: step.operand))
            } catch let error as Operators.Failure {
                throw failure(error.message, hint: error.hint, at: step.span)
            }
        }
        return a
    }
}

/// `a and b and ...`, `a or b or ...`, evaluating each operand only when the ones before it have not
/// decided the result; the operands are an array, so a chain of any length evaluates without recursion.
final class LogicalNode: Node {
    let isAnd: Bool
    let operands: [Node]

    init(isAnd: Bool, operands: [Node], span: Span, unit: SourceUnit) {
        self.isAnd = isAnd
        self.operands = operands
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        for operand in operands {
            guard case .bool(let holds) = try operand.evaluate(env) else {
                throw failure("\(isAnd ? "and" : "or") needs bools on both sides", at: operand.span)
            }
            if holds != isAnd { return .bool(holds) }
        }
        return .bool(isAnd)
    }
}

/// `$a..$b`: a range from two integers.
final class RangeNode: Node {
    let low: Node
    let high: Node
    init(low: Node, high: Node, span: Span, unit: SourceUnit) {
        self.low = low
        self.high = high
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        guard case .int(let a) = try low.evaluate(env) else { throw failure("a range starts with an integer", at: low.span) }
        guard case .int(let b) = try high.evaluate(env) else { throw failure("a range ends with an integer", at: high.span) }
        return .range(a, b)
    }
}

/// `not a`.
final class NotNode: Node {
    let operand: Node
    init(operand: Node, span: Span, unit: SourceUnit) {
        self.operand = operand
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        guard case .bool(let b) = try operand.evaluate(env) else { throw failure("not needs a bool", at: operand.span) }
        return .bool(!b)
    }
}

/// `- a`.
final class NegateNode: Node {
    let operand: Node
    init(operand: Node, span: Span, unit: SourceUnit) {
        self.operand = operand
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        switch try operand.evaluate(env) {
        case .int(.min), .duration(.min), .months(.min): throw failure("integer overflow")
        case .money(let m) where m.minorUnits == .min: throw failure("integer overflow")
        case .int(let i): return .int(-i)
        case .decimal(let d): return .decimal(-d)
        case .money(let m): return .money(Money(minorUnits: -m.minorUnits, currency: m.currency))
        case .duration(let s): return .duration(-s)
        case .months(let count): return .months(-count)
        case let value: throw failure("cannot negate \(Operators.describe(value))", at: operand.span)
        }
    }
}
