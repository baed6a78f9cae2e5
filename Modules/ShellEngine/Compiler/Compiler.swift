#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// Turns a syntax tree into nodes ready to run: resolves variables to frame slots, looks up
/// commands (reporting unknown ones before anything runs), compiles `where` conditions, hoists
/// `def`s so they can be called before the line that defines them, and inlines `source`d files.
final class Compiler {
    let interpreter: Interpreter
    var unit: SourceUnit
    var scope: FunctionScope
    /// Definitions compiled in this run, visible to it, added to the command table when it succeeds.
    var pending: [String: UserCommand] = [:]
    var definitionScopes: [ObjectIdentifier: FunctionScope] = [:]
    var sourceDepth = 0
    /// The effects of what is being compiled: each top-level statement's, or a `def` body's.
    var effects = Effects()
    /// How many levels deep the code being compiled is, counted as the parser counts them
    /// (`Parser.maximumNesting`) but across `source`d files and row conditions, which the parser sees
    /// one at a time.
    var nesting = 0
    /// The columns a row condition being compiled names strictly (the left of a comparison, or
    /// `$it.column` without `?`), so `where` can refuse one the rows do not have even when there are
    /// no rows to test; `nil` when not compiling a row condition.
    var columnReferences: [ColumnReference]?

    init(interpreter: Interpreter, unit: SourceUnit, scope: FunctionScope) {
        self.interpreter = interpreter
        self.unit = unit
        self.scope = scope
    }

    func error(_ message: String, at span: Span, hint: String? = nil) -> ScriptFailure {
        ScriptFailure(.script, Diagnostic(message, at: span, hint: hint), in: unit.file)
    }

    /// Opens a level of nesting at `span`, or reports that there are too many; the caller closes it
    /// with `nesting -= 1`.
    func deeper(at span: Span) throws {
        guard nesting < Parser.maximumNesting else { throw error(Parser.nestingMessage, at: span) }
        nesting += 1
    }

    /// The command of that name; a stage command of an implementation that is not active counts too,
    /// since `stage use` may run before the call does (the call finds the active one when it runs).
    func lookup(_ name: String) -> CommandTable.Entry? {
        if let command = pending[name] { return .user(command) }
        if let entry = interpreter.table.lookup(name) { return entry }
        return interpreter.table.registry.anyCommand(named: name).map { .stage($0.0, $0.1) }
    }

    /// The top level: each statement separately, so each can run in its own transaction.
    func compileTopLevel(_ block: Block) throws -> [TopLevelStatement] {
        var result = try compileTopLevelStatements(block)
        // Every `def` is compiled now, hoisted ones included: follow the calls.
        let table = interpreter.table
        for index in result.indices {
            result[index].mayWrite = result[index].effects.mayWrite { [pending] name in pending[name] ?? table.userCommands[name] }
        }
        for (_, command) in pending { interpreter.table.define(command) }
        return result
    }

    /// The statements of a top-level block; a top-level `source FILE` contributes the file's own
    /// top-level statements, each printed and run in its own transaction as if written here.
    private func compileTopLevelStatements(_ block: Block) throws -> [TopLevelStatement] {
        try declareDefinitions(in: block.statements)
        var result: [TopLevelStatement] = []
        for statement in block.statements {
            if case .pipeline(let pipeline) = statement, pipeline.elements.count == 1, case .command(let call) = pipeline.elements[0],
               case .positional(.bareWord("source", _))? = call.arguments.first {
                let (file, sourced) = try readSource(call)
                let outerUnit = unit
                let note = sourceNote(file, at: call.span)
                unit = SourceUnit(file)
                sourceDepth += 1
                defer { unit = outerUnit; sourceDepth -= 1 }
                do {
                    result += try compileTopLevelStatements(sourced).map { statement in
                        var statement = statement
                        statement.sourcedFrom.append(note)
                        return statement
                    }
                } catch var failure as ScriptFailure {
                    failure.notes.append(note)
                    throw failure
                }
                continue
            }
            effects = Effects()
            let node = try compileStatement(statement)
            Self.dropsValue(of: node)
            var printsResult = false
            var controlsTransaction: String?
            if case .pipeline(let pipeline) = statement {
                printsResult = true
                if pipeline.elements.count == 1, case .command(let call) = pipeline.elements[0],
                   let name = TransactionControl.name(of: call) {
                    controlsTransaction = name
                }
            }
            result.append(TopLevelStatement(node: node, printsResult: printsResult, transactionControl: controlsTransaction,
                                             effects: effects))
        }
        return result
    }

    func compileBlock(_ block: Block, scoped: Bool = true) throws -> BlockNode {
        try deeper(at: block.span)
        defer { nesting -= 1 }
        if scoped { scope.pushBlock() }
        defer { if scoped { scope.popBlock() } }
        try declareDefinitions(in: block.statements)
        var nodes: [Node] = []
        for statement in block.statements { nodes.append(try compileStatement(statement)) }
        // A block's value is its last statement's; the others' values are dropped.
        for node in nodes.dropLast() { Self.dropsValue(of: node) }
        return BlockNode(statements: nodes, span: block.span, unit: unit)
    }

    /// Marks a statement whose value is printed or dropped, not used: the calls whose value would be
    /// its value (`valueCalls`) then say what they did instead of giving their record to nobody.
    static func dropsValue(of node: Node) {
        for call in valueCalls(of: node) { call.valueUsed = false }
    }

    /// The calls whose value can be a statement's value: a pipeline's last call, and the last call of
    /// each branch of an `if`, `match` or `try` (`if $new { lead add Acme }`).
    static func valueCalls(of node: Node) -> [CallNode] {
        switch node {
        case let pipeline as PipelineNode: return pipeline.calls.last.map { [$0] } ?? valueCalls(of: pipeline.head)
        case let call as CallNode: return [call]
        case let block as BlockNode: return block.statements.last.map(valueCalls) ?? []
        case let choice as IfNode: return choice.branches.flatMap { valueCalls(of: $0.body) } + (choice.otherwise.map(valueCalls) ?? [])
        case let match as MatchNode: return match.arms.flatMap { valueCalls(of: $0.body) }
        case let attempt as TryNode: return valueCalls(of: attempt.body) + (attempt.handler.map(valueCalls) ?? [])
        default: return []
        }
    }

    func compileStatement(_ statement: Statement) throws -> Node {
        switch statement {
        case .pipeline(let pipeline):
            return try compilePipeline(pipeline)
        case .binding(let name, let mutable, let value, let span):
            let valueNode = try compilePipeline(value)
            let slot = scope.declare(name, mutable: mutable)
            return AssignNode(depth: 0, slot: slot, op: nil, value: valueNode, span: span, unit: unit)
        case .assignment(let name, let op, let value, let span):
            guard let (depth, variable) = scope.resolve(name) else { throw unknownVariable(name, at: span) }
            guard variable.mutable else {
                throw error("cannot assign to $\(name): it was declared with let", at: span,
                            hint: "declare it with mut \(name) = ... to change it later")
            }
            let valueNode = try compilePipeline(value)
            return AssignNode(depth: depth, slot: variable.slot, op: op, value: valueNode, span: span, unit: unit)
        case .definition(let definition):
            try compileDefinitionBody(definition)
            return ConstantNode(.null, span: definition.span, unit: unit)
        case .forLoop(let variable, let sequence, let body, let span):
            let sequenceNode = try compileExpression(sequence)
            scope.pushBlock()
            defer { scope.popBlock() }
            let slot = scope.declare(variable, mutable: false)
            scope.loopDepth += 1
            defer { scope.loopDepth -= 1 }
            let bodyNode = try compileBlock(body)
            bodyNode.statements.last.map(Self.dropsValue)
            return ForNode(slot: slot, sequence: sequenceNode, body: bodyNode, span: span, unit: unit)
        case .whileLoop(let condition, let body, let span):
            let conditionNode = try compileExpression(condition)
            scope.loopDepth += 1
            defer { scope.loopDepth -= 1 }
            let bodyNode = try compileBlock(body)
            bodyNode.statements.last.map(Self.dropsValue)
            return WhileNode(condition: conditionNode, body: bodyNode, span: span, unit: unit)
        case .breakLoop(let span):
            guard scope.loopDepth > 0 else { throw error("break outside a loop", at: span) }
            return BreakNode(span: span, unit: unit)
        case .continueLoop(let span):
            guard scope.loopDepth > 0 else { throw error("continue outside a loop", at: span) }
            return ContinueNode(span: span, unit: unit)
        case .returnValue(let value, let span):
            guard scope.allowsReturn else { throw error("return outside a def or closure", at: span) }
            return ReturnNode(value: try value.map(compilePipeline), span: span, unit: unit)
        case .tryCatch(let body, let errorName, let handler, let span):
            let bodyNode = try compileBlock(body)
            scope.pushBlock()
            defer { scope.popBlock() }
            let slot = errorName.map { scope.declare($0, mutable: false) }
            let handlerNode = try handler.map { try compileBlock($0) }
            return TryNode(body: bodyNode, errorSlot: slot, handler: handlerNode, span: span, unit: unit)
        }
    }

    func compilePipeline(_ pipeline: Pipeline) throws -> Node {
        var head: Node?
        var calls: [CallNode] = []
        var previous: CallNode?
        for (index, element) in pipeline.elements.enumerated() {
            switch element {
            case .command(let call):
                let node = try compileCall(call)
                // A command whose signature gives nothing has nothing to pipe on: refused now, not
                // found out at run time after it has changed things.
                if let previous, let signature = lookup(previous.name)?.signature, signature.output == .nothing {
                    let next = (node as? CallNode)?.name ?? "the next command"
                    throw error("\(previous.name) gives nothing to pipe on, so nothing would reach \(next)", at: previous.nameSpan,
                                hint: "run them as two statements, separated by ;")
                }
                previous = node as? CallNode
                if index == 0 {
                    head = node
                } else if let callNode = node as? CallNode {
                    if let signature = lookup(callNode.name)?.signature, signature.input == .nothing {
                        throw error("\(callNode.name) does not take pipeline input", at: callNode.nameSpan,
                                    hint: "run it on its own, or pass values as arguments")
                    }
                    calls.append(callNode)
                } else {
                    throw error("source cannot take pipeline input", at: call.span)
                }
            case .expression(let expression):
                head = try compileExpression(expression)
                previous = nil
            }
        }
        guard let head else { throw error("empty pipeline", at: pipeline.span) }
        if calls.isEmpty { return head }
        linkGroupedAggregates(calls)
        return PipelineNode(head: head, calls: calls, span: pipeline.span, unit: unit)
    }

    /// Marks each built-in `group-by KEY` (without `--aggregate`) followed by the built-in `aggregate`,
    /// so that on stored rows the two run as one SQL `GROUP BY` (`PipelineNode`).
    private func linkGroupedAggregates(_ nodes: [CallNode]) {
        for (groupBy, aggregate) in zip(nodes, nodes.dropFirst()) {
            guard case .engine? = groupBy.fixed, groupBy.name == "group-by",
                  case .engine? = aggregate.fixed, aggregate.name == "aggregate",
                  !groupBy.arguments.contains(where: { if case .flag("aggregate", _) = $0.kind { true } else { false } }),
                  !aggregate.arguments.contains(where: { if case .flag("help", _) = $0.kind { true } else { false } }) else { continue }
            groupBy.aggregatedBy = aggregate
        }
    }

    func unknownVariable(_ name: String, at span: Span) -> ScriptFailure {
        let close = EditDistance.closest(to: name, among: scope.visibleNames + ["in", "env"])
        return error("no variable $\(name)", at: span,
                     hint: close.first.map { "did you mean $\($0)?" } ?? "declare it first: let \(name) = ...")
    }
}

/// A compiled top-level statement: run in its own transaction, its value printed when it is a
/// pipeline; `transaction begin|commit|rollback` run outside any transaction.
struct TopLevelStatement {
    let node: Node
    let printsResult: Bool
    let transactionControl: String?
    /// What the statement itself may do; `mayWrite` follows its `def` calls too.
    let effects: Effects
    /// Whether it may write: its transaction then takes the write lock when it starts.
    var mayWrite = true
    /// When it comes from a `source`d file: where that was sourced, innermost first
    /// (`in b.funnel, sourced at a.funnel:7:1`), added to its errors.
    var sourcedFrom: [String] = []
}

/// Recognises `transaction begin`, `transaction commit` and `transaction rollback`.
enum TransactionControl {
    static func name(of call: CommandCall) -> String? {
        guard call.arguments.count == 2, case .positional(.bareWord("transaction", _)) = call.arguments[0],
              case .positional(.bareWord(let verb, _)) = call.arguments[1],
              ["begin", "commit", "rollback"].contains(verb) else { return nil }
        return verb
    }
}
