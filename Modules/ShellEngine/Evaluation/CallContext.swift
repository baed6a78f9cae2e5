#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// A row condition compiled for `where`: the code to run per row, and its syntax for turning it
/// into SQL when the rows come from a relation.
/// A column a row condition names, and the node naming it (for the error's place).
struct ColumnReference {
    let name: String
    let node: Node
}

final class CompiledCondition {
    let node: Node
    let expression: ShellSyntax.Expression
    /// Set when the condition is a closure (`where { |row| ... }`) rather than an expression.
    let isClosure: Bool
    /// The columns the condition names strictly (`budget` in `budget > 5`).
    let columns: [ColumnReference]

    init(node: Node, expression: ShellSyntax.Expression, isClosure: Bool, columns: [ColumnReference] = []) {
        self.node = node
        self.expression = expression
        self.isClosure = isClosure
        self.columns = columns
    }
}

/// What an engine command may reach while it runs: the interpreter, the caller's environment
/// (to run closures), and the call's place in the script (for errors).
public final class CallContext {
    let interpreter: Interpreter
    let env: Env
    let node: CallNode

    init(interpreter: Interpreter, env: Env, node: CallNode) {
        self.interpreter = interpreter
        self.env = env
        self.node = node
    }

    /// The stage context for reading and writing the database.
    func stageContext() throws -> StageContext { try interpreter.stageContext(stage: nil, at: node) }

    /// Where the command's messages go (standard error with --json or --csv).
    public var output: any OutputSink { interpreter.messages }

    /// Asks whether the user pressed Ctrl-C, from any thread: a long wait should end when it says so.
    public var isCancelled: @Sendable () -> Bool {
        let cancellation = interpreter.cancellation
        return { cancellation.isCancelled }
    }

    /// The rows of a value: a table, list of records, record or relation (read now).
    func rows(_ value: Value, for command: String) throws -> [Record] {
        if value == .null { return [] }
        guard let rows = try interpreter.materialize(value, at: node).rows else {
            throw CommandError("\(command) expects a table as input, got \(Operators.describe(value))")
        }
        return rows
    }

    /// The items of a list-like value: a list, a range, a table's rows.
    func items(_ value: Value, for command: String) throws -> [Value] {
        switch try interpreter.materialize(value, at: node) {
        case .list(let items): return items
        case .range(let low, let high):
            guard RangeLength.isListable(low, high) else { throw CommandError("the range is too long to list") }
            return low <= high ? (low...high).map(Value.int) : []
        case .table(let table): return table.rows.map(Value.record)
        case .null: return []
        case let other: return [other]
        }
    }

    /// The column names of a table-like value, in order.
    func columns(of value: Value) -> [String] {
        switch value {
        case .table(let table): return table.columns
        case .relation(let relation): return relation.visibleColumns
        default: return Table(rows: value.rows ?? []).columns
        }
    }

    /// Calls a closure with arguments; its first parameter (or `$it`) gets the first argument and
    /// `$in` is `input`.
    func call(_ closure: Value, _ arguments: [Value], input: Value = .null) throws -> Value {
        guard case .closure(let opaque) = closure, let compiled = opaque.payload as? CompiledClosure else {
            throw CommandError("expected a closure { |x| ... }")
        }
        return try interpreter.call(compiled, arguments, input: input, env: env, from: node)
    }

    /// Evaluates a `where` condition against one row.
    func test(_ condition: CompiledCondition, row: Record, item: Value? = nil) throws -> Bool {
        let value: Value
        if condition.isClosure {
            let argument = item ?? .record(row)
            value = try call(try condition.node.evaluate(env), [argument], input: argument)
        } else {
            value = try env.with(frame: env.frame, input: env.input, row: row, item: item) { try condition.node.evaluate(env) }
        }
        guard case .bool(let holds) = value else {
            throw ScriptFailure(.script, Diagnostic("the condition gave \(Operators.describe(value)), not a bool",
                                                    at: condition.node.span), in: condition.node.unit.file)
        }
        return holds
    }
}
