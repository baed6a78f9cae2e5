#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `if c { } else if d { } else { }`: the chosen branch's value, or null.
final class IfNode: Node {
    let branches: [(condition: Node, body: Node)]
    let otherwise: Node?

    init(branches: [(condition: Node, body: Node)], otherwise: Node?, span: Span, unit: SourceUnit) {
        self.branches = branches
        self.otherwise = otherwise
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        for branch in branches {
            let value = try branch.condition.evaluate(env)
            guard case .bool(let holds) = value else {
                throw failure("an if condition must be a bool, got \(Operators.describe(value))", at: branch.condition.span)
            }
            if holds { return try branch.body.evaluate(env) }
        }
        return try otherwise?.evaluate(env) ?? .null
    }
}

/// `match VALUE { PATTERN => RESULT ... }`: the result of the first arm whose pattern the value
/// matches (equal as `==` compares; an int within a range; `_` anything), or null when none does.
final class MatchNode: Node {
    enum Pattern {
        case value(Node)
        case range(Int64, Int64)
        case any
    }

    struct Arm {
        let patterns: [Pattern]
        let body: Node
    }

    let subject: Node
    let arms: [Arm]

    init(subject: Node, arms: [Arm], span: Span, unit: SourceUnit) {
        self.subject = subject
        self.arms = arms
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        let value = try subject.evaluate(env)
        for arm in arms {
            for pattern in arm.patterns {
                switch pattern {
                case .any: return try arm.body.evaluate(env)
                case .range(let low, let high):
                    if case .int(let number) = value, number >= low, number <= high { return try arm.body.evaluate(env) }
                case .value(let node):
                    if ValueOrdering.equal(value, try node.evaluate(env)) { return try arm.body.evaluate(env) }
                }
            }
        }
        return .null
    }
}

/// `for x in SEQUENCE { }` over a list, a range, a table's rows or a relation's rows.
final class ForNode: Node {
    let slot: Int
    let sequence: Node
    let body: Node

    init(slot: Int, sequence: Node, body: Node, span: Span, unit: SourceUnit) {
        self.slot = slot
        self.sequence = sequence
        self.body = body
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        let cancellation = env.interpreter.cancellation
        func run(_ item: Value) throws -> Bool {
            if cancellation.isCancelled { throw env.interpreter.cancelled(at: self) }
            env.frame[slot] = item
            do { _ = try body.evaluate(env) } catch is ContinueSignal { return true } catch is BreakSignal { return false }
            return true
        }
        switch try env.interpreter.materialize(try sequence.evaluate(env), at: sequence) {
        case .range(let low, let high):
            guard low <= high else { return .null }
            var i = low
            while true {
                if try !run(.int(i)) { break }
                if i == high { break }
                i += 1
            }
        case .list(let items):
            for item in items where try !run(item) { break }
        case .table(let table):
            for row in table.rows where try !run(.record(row)) { break }
        case .null:
            break
        case let value:
            throw failure("cannot loop over \(Operators.describe(value))", hint: "loop over a list, a range such as 1..10 or a table",
                          at: sequence.span)
        }
        return .null
    }
}

/// `while c { }`.
final class WhileNode: Node {
    let condition: Node
    let body: Node

    init(condition: Node, body: Node, span: Span, unit: SourceUnit) {
        self.condition = condition
        self.body = body
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        let cancellation = env.interpreter.cancellation
        while true {
            guard case .bool(let holds) = try condition.evaluate(env) else {
                throw failure("a while condition must be a bool", at: condition.span)
            }
            if !holds { break }
            if cancellation.isCancelled { throw env.interpreter.cancelled(at: self) }
            do { _ = try body.evaluate(env) } catch is ContinueSignal { continue } catch is BreakSignal { break }
        }
        return .null
    }
}

final class BreakNode: Node {
    override func evaluate(_ env: Env) throws -> Value { throw BreakSignal() }
}

final class ContinueNode: Node {
    override func evaluate(_ env: Env) throws -> Value { throw ContinueSignal() }
}

final class ReturnNode: Node {
    let value: Node?
    init(value: Node?, span: Span, unit: SourceUnit) {
        self.value = value
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value { throw ReturnSignal(value: try value?.evaluate(env) ?? .null) }
}

/// `let x = v` and `$x = v` (also `+=`, `-=`): stores into a frame slot; the statement's value is null.
final class AssignNode: Node {
    let depth: Int
    let slot: Int
    let op: BinaryOperator?
    let value: Node

    init(depth: Int, slot: Int, op: BinaryOperator?, value: Node, span: Span, unit: SourceUnit) {
        self.depth = depth
        self.slot = slot
        self.op = op
        self.value = value
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        var result = try value.evaluate(env)
        guard let frame = depth == 0 ? env.frame : env.frame.ancestor(depth) else {
            throw failure("internal error: variable out of reach")
        }
        if let op {
            if let x = frame.integer(at: slot), case .int(let y) = result {
                let (value, overflow) = op == .add ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
                if !overflow {
                    frame[slot] = .int(value)
                    return .null
                }
            }
            do { result = try Operators.apply(op, frame[slot], result) } catch {
                throw failure(error.message)
            }
        }
        frame[slot] = result
        return .null
    }
}

/// `try { } catch { |err| }`: the body's changes are undone when it fails; the handler gets the error
/// as a record (msg, file, line, column, rendered).
final class TryNode: Node {
    let body: Node
    let errorSlot: Int?
    let handler: Node?

    init(body: Node, errorSlot: Int?, handler: Node?, span: Span, unit: SourceUnit) {
        self.body = body
        self.errorSlot = errorSlot
        self.handler = handler
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        do {
            // What the body's commands said is dropped with what they did when it fails.
            return try env.interpreter.holdingMessages { try env.interpreter.inSavepoint { try body.evaluate(env) } }
        } catch let failure as ScriptFailure where failure.kind != .cancelled {
            if let errorSlot {
                let (line, column) = failure.source.location(of: failure.diagnostic.span.start)
                env.frame[errorSlot] = .record(Record([
                    ("msg", .string(failure.diagnostic.message)), ("file", .string(failure.source.name)),
                    ("line", .int(Int64(line))), ("column", .int(Int64(column))), ("rendered", .string(failure.description)),
                ]))
            }
            return try handler?.evaluate(env) ?? .null
        }
    }
}

/// A pipeline: the first element's value flows into each following command as input.
final class PipelineNode: Node {
    let head: Node
    let calls: [CallNode]

    init(head: Node, calls: [CallNode], span: Span, unit: SourceUnit) {
        self.head = head
        self.calls = calls
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        var value = try head.evaluate(env)
        var index = 0
        while index < calls.count {
            let call = calls[index]
            // `group-by KEY | aggregate {…}` on stored rows: one GROUP BY, the groups never read.
            if let aggregate = call.aggregatedBy, case .relation = value {
                value = try call.invoke(env, input: value, borrowing: aggregate)
                index += 2
            } else {
                value = try call.invoke(env, input: value)
                index += 1
            }
        }
        return value
    }
}

/// Runs a sourced file's statements where `source` stood, noting the file in errors.
final class SourcedNode: Node {
    let body: Node
    init(body: Node, span: Span, unit: SourceUnit) {
        self.body = body
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        do { return try body.evaluate(env) } catch var failure as ScriptFailure {
            let (line, column) = unit.file.location(of: span.start)
            failure.notes.append("in \(body.unit.file.name), sourced at \(unit.file.name):\(line):\(column)")
            throw failure
        }
    }
}
