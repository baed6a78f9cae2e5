#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// A value known when compiling: a literal.
final class ConstantNode: Node {
    let value: Value
    init(_ value: Value, span: Span, unit: SourceUnit) {
        self.value = value
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value { value }
}

/// `$name.path`: a variable's slot in the frame `depth` functions out, then a field path.
final class VariableNode: Node {
    let depth: Int
    let slot: Int
    let path: [PathMember]

    init(depth: Int, slot: Int, path: [PathMember], span: Span, unit: SourceUnit) {
        self.depth = depth
        self.slot = slot
        self.path = path
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value {
        let value: Value
        if depth == 0 {
            if path.isEmpty, let integer = env.frame.integer(at: slot) { return .int(integer) }
            value = env.frame[slot]
        } else {
            guard let frame = env.frame.ancestor(depth) else {
                throw failure("internal error: variable out of reach")
            }
            value = frame[slot]
        }
        if path.isEmpty { return value }
        return try follow(path, in: value, env: env, node: self)
    }
}

/// Follows a field path, reading a relation first when the path goes into it.
func follow(_ path: [PathMember], in value: Value, env: Env, node: Node) throws -> Value {
    let base = try env.interpreter.materialize(value, at: node)
    do { return try FieldPath.follow(path, in: base) } catch {
        throw node.failure(error.message, hint: error.hint)
    }
}

/// `$in`: the pipeline input of the running `def` or closure.
final class InputNode: Node {
    let path: [PathMember]
    init(path: [PathMember], span: Span, unit: SourceUnit) {
        self.path = path
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        path.isEmpty ? env.input : try follow(path, in: env.input, env: env, node: self)
    }
}

/// `$it.path` in a row condition: the row being tested, as a record.
final class RowNode: Node {
    let path: [PathMember]
    init(path: [PathMember], span: Span, unit: SourceUnit) {
        self.path = path
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        let row: Value = env.item ?? env.row.map(Value.record) ?? .null
        return path.isEmpty ? row : try follow(path, in: row, env: env, node: self)
    }
}

/// `$env.NAME`: the process environment. A variable that is not set is an error naming it (with
/// the close names, never the whole environment); `$env.NAME?` is null instead.
final class EnvironmentNode: Node {
    let path: [PathMember]
    init(path: [PathMember], span: Span, unit: SourceUnit) {
        self.path = path
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        let variables = ProcessInfo.processInfo.environment
        guard let first = path.first else {
            return .record(Record(variables.keys.sorted().map { ($0, .string(variables[$0] ?? "")) }))
        }
        guard let value = variables[first.name] else {
            if first.optional { return .null }
            let close = EditDistance.closest(to: first.name, among: Array(variables.keys))
                .filter { EditDistance.between($0, first.name) < first.name.count }
            let hint = close.isEmpty ? "write $env.\(first.name)? for null when it is not set"
                : "did you mean " + close.map { "\"$env.\($0)\"" }.joined(separator: " or ") + "?"
            throw failure("environment variable \(first.name) is not set", hint: hint)
        }
        let rest = Array(path.dropFirst())
        return rest.isEmpty ? .string(value) : try follow(rest, in: .string(value), env: env, node: self)
    }
}

/// A bare word in a row condition: the row's column; a lenient one falls back to the word as text.
final class ColumnNode: Node {
    let name: String
    let strict: Bool
    init(name: String, strict: Bool, span: Span, unit: SourceUnit) {
        self.name = name
        self.strict = strict
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        guard let row = env.row else { return .string(name) }
        if let value = row[name] { return value }
        if !strict { return ColumnNode.literal(name) }
        throw failure("no column \"\(name)\"", hint: ColumnCheck.hint(for: name, among: row.names))
    }
}

extension ColumnNode {
    /// A bare word that names no column, read as a value: `qualified`, `L-3`, `12,345.67`.
    static func literal(_ word: String) -> Value {
        (try? Coercion.fromWord(word, to: .word)) ?? .string(word)
    }
}

/// `"text $var (expr) text"`.
final class InterpolationNode: Node {
    let parts: [Node]
    init(parts: [Node], span: Span, unit: SourceUnit) {
        self.parts = parts
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        var text = ""
        for part in parts {
            let value = try env.interpreter.materialize(try part.evaluate(env), at: part)
            text += value.plainText
        }
        return .string(text)
    }
}

/// `[a, b, c]`.
final class ListNode: Node {
    let items: [Node]
    init(items: [Node], span: Span, unit: SourceUnit) {
        self.items = items
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try item.evaluate(env)) }
        return .list(values)
    }
}

/// `{name: value, ...}`.
final class RecordNode: Node {
    let fields: [(String, Node)]
    init(fields: [(String, Node)], span: Span, unit: SourceUnit) {
        self.fields = fields
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        var record = Record()
        for (name, node) in fields { record[name] = try node.evaluate(env) }
        return .record(record)
    }
}

/// `(pipeline).path`.
final class SubexpressionNode: Node {
    let body: Node
    let path: [PathMember]
    init(body: Node, path: [PathMember], span: Span, unit: SourceUnit) {
        self.body = body
        self.path = path
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        let value = try body.evaluate(env)
        return path.isEmpty ? value : try follow(path, in: value, env: env, node: self)
    }
}

/// `{ |x| ... }`: makes a closure value capturing the current frame.
final class ClosureNode: Node {
    let parameterCount: Int
    let declaresParameters: Bool
    let body: Node
    let frameSize: Int
    init(parameterCount: Int, declaresParameters: Bool, body: Node, frameSize: Int, span: Span, unit: SourceUnit) {
        self.parameterCount = parameterCount
        self.declaresParameters = declaresParameters
        self.body = body
        self.frameSize = frameSize
        super.init(span: span, unit: unit)
    }
    override func evaluate(_ env: Env) throws -> Value {
        .closure(OpaqueClosure(CompiledClosure(parameterCount: parameterCount, declaresParameters: declaresParameters, body: body, frameSize: frameSize,
                                               captured: env.frame)))
    }
}
