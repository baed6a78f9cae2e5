#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

extension Compiler {
    func compileExpression(_ expression: ShellSyntax.Expression) throws -> Node {
        switch expression {
        case .literal(let literal, let span):
            do { return ConstantNode(try LiteralValue.value(of: literal), span: span, unit: unit) } catch {
                throw self.error(error.message, at: span)
            }
        case .bareWord(let text, let span):
            return ConstantNode(.string(text), span: span, unit: unit)
        case .column(let name, let strict, let span):
            let node = ColumnNode(name: name, strict: strict, span: span, unit: unit)
            if strict { columnReferences?.append(ColumnReference(name: name, node: node)) }
            return node
        case .variable(let name, let path, let span):
            switch name {
            case "in": return InputNode(path: path, span: span, unit: unit)
            case "env": return EnvironmentNode(path: path, span: span, unit: unit)
            case "it" where columnReferences != nil && scope.resolve("it") == nil:
                // `$it` in a row condition is the row: `where $it."days overdue" > 30`.
                let node = RowNode(path: path, span: span, unit: unit)
                if let first = path.first, !first.optional { columnReferences?.append(ColumnReference(name: first.name, node: node)) }
                return node
            default:
                guard let (depth, variable) = scope.resolve(name) else { throw unknownVariable(name, at: span) }
                return VariableNode(depth: depth, slot: variable.slot, path: path, span: span, unit: unit)
            }
        case .interpolation(let parts, let span):
            let nodes = try parts.map { part -> Node in
                switch part {
                case .text(let text): return ConstantNode(.string(text), span: span, unit: unit)
                case .expression(let inner): return try compileExpression(inner)
                }
            }
            return InterpolationNode(parts: nodes, span: span, unit: unit)
        case .list(let items, let span):
            try deeper(at: span)
            defer { nesting -= 1 }
            return ListNode(items: try items.map(compileExpression), span: span, unit: unit)
        case .record(let fields, let span):
            try deeper(at: span)
            defer { nesting -= 1 }
            var seen = Set<String>()
            for field in fields where !seen.insert(field.key).inserted {
                throw error("field \(field.key) appears twice in the record", at: span)
            }
            return RecordNode(fields: try fields.map { ($0.key, try compileExpression($0.value)) }, span: span, unit: unit)
        case .closure(let closure, let span):
            return try compileClosure(closure, span: span)
        case .subexpression(let block, let path, let span):
            let body = try compileBlock(block)
            return SubexpressionNode(body: body, path: path, span: span, unit: unit)
        case .chain(let first, let links, let span):
            return try compileChain(first, links, span: span)
        case .range(let low, let high, let span):
            return RangeNode(low: try compileExpression(low), high: try compileExpression(high), span: span, unit: unit)
        case .not(let operand, let span):
            try deeper(at: span)
            defer { nesting -= 1 }
            return NotNode(operand: try compileExpression(operand), span: span, unit: unit)
        case .negate(let operand, let span):
            try deeper(at: span)
            defer { nesting -= 1 }
            return NegateNode(operand: try compileExpression(operand), span: span, unit: unit)
        case .call(let call):
            return try compileCall(call)
        case .match(let match):
            try deeper(at: match.span)
            defer { nesting -= 1 }
            let subject = try compileExpression(match.subject)
            let arms = try match.arms.map { arm -> MatchNode.Arm in
                let patterns = try arm.patterns.map { pattern -> MatchNode.Pattern in
                    switch pattern {
                    case .value(let expression): return .value(try compileExpression(expression))
                    case .range(let low, let high): return .range(low, high)
                    case .any: return .any
                    }
                }
                return MatchNode.Arm(patterns: patterns, body: try compileBlock(arm.body))
            }
            return MatchNode(subject: subject, arms: arms, span: match.span, unit: unit)
        case .ifElse(let ifElse):
            let branches = try ifElse.branches.enumerated().map { index, branch -> (condition: Node, body: Node) in
                // The condition is a level, as the parser counts it (at the first `if`); the body is
                // a block, another.
                try deeper(at: index == 0 ? Span(ifElse.span.start, ifElse.span.start + 2) : branch.condition.span)
                let condition = try compileExpression(branch.condition)
                nesting -= 1
                return (condition, try compileBlock(branch.body))
            }
            let otherwise = try ifElse.otherwise.map { try compileBlock($0) as Node }
            return IfNode(branches: branches, otherwise: otherwise, span: ifElse.span, unit: unit)
        }
    }

    /// Operators of one precedence applied left to right (`a + b - c`, `x and y and z`): a node holding
    /// the operands in an array, so evaluating, compiling and freeing a chain of 100,000 terms needs no
    /// recursion proportional to its length. A single `a OP b` keeps the two-operand nodes (and their
    /// fast paths, and the SQL push-down of a comparison).
    func compileChain(_ first: ShellSyntax.Expression, _ links: [(op: BinaryOperator, operand: ShellSyntax.Expression)],
                      span: Span) throws -> Node {
        let firstNode = try compileExpression(first)
        var operands: [Node] = []
        operands.reserveCapacity(links.count)
        for link in links {
            // On the right of a comparison, a bare word that names no command is a value: `$status == qualified`.
            if link.op.isComparison, case .call(let call) = link.operand, call.arguments.count == 1,
               case .positional(.bareWord(let word, let wordSpan)) = call.arguments[0], lookup(word) == nil {
                operands.append(ConstantNode(ColumnNode.literal(word), span: wordSpan, unit: unit))
            } else {
                operands.append(try compileExpression(link.operand))
            }
        }
        let op = links[0].op
        if op == .and || op == .or {
            // `and` and `or` differ in precedence, so a chain holds only one of them.
            return LogicalNode(isAnd: op == .and, operands: [firstNode] + operands, span: span, unit: unit)
        }
        if links.count == 1 {
            return SlotIntegerBinaryNode.specialise(BinaryNode(op: op, left: firstNode, right: operands[0], span: span, unit: unit))
        }
        let steps = zip(links, operands).map { link, node in
            OperatorChainNode.Step(op: link.op, operand: node, span: first.span.through(link.operand.span))
        }
        return OperatorChainNode(first: firstNode, steps: steps, span: span, unit: unit)
    }

    /// A closure gets its own frame; with no declared parameters its one parameter is `$it`.
    func compileClosure(_ closure: Closure, span: Span) throws -> ClosureNode {
        let outer = scope
        let inner = FunctionScope(parent: outer, allowsReturn: true)
        let names = closure.parameters.isEmpty ? ["it"] : closure.parameters
        for name in names { _ = inner.declare(name, mutable: false) }
        scope = inner
        defer { scope = outer }
        let body = try compileBlock(closure.body, scoped: false)
        return ClosureNode(parameterCount: names.count, declaresParameters: !closure.parameters.isEmpty, body: body, frameSize: inner.size, span: span, unit: unit)
    }
}
