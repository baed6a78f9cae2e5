import Foundation
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

/// `a and b`, `a or b`, evaluating `b` only when needed.
final class LogicalNode: Node {
    let isAnd: Bool
    let left: Node
    let right: Node

    init(isAnd: Bool, left: Node, right: Node, span: Span, unit: SourceUnit) {
        self.isAnd = isAnd
        self.left = left
        self.right = right
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        guard case .bool(let a) = try left.evaluate(env) else {
            throw failure("\(isAnd ? "and" : "or") needs bools on both sides", at: left.span)
        }
        if isAnd && !a { return .bool(false) }
        if !isAnd && a { return .bool(true) }
        guard case .bool(let b) = try right.evaluate(env) else {
            throw failure("\(isAnd ? "and" : "or") needs bools on both sides", at: right.span)
        }
        return .bool(b)
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
        case .int(let i) where i != .min: return .int(-i)
        case .decimal(let d): return .decimal(-d)
        case .money(let m): return .money(Money(minorUnits: -m.minorUnits, currency: m.currency))
        case .duration(let s) where s != .min: return .duration(-s)
        case let value: throw failure("cannot negate \(Operators.describe(value))")
        }
    }
}
