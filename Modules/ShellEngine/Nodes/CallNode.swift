#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// One argument of a call as compiled: a flag (with an inline `=value`), or a positional whose
/// bare-word text is kept so the signature's type can read it (`12,345.67`, `L-3`).
struct CompiledArgument {
    enum Kind {
        case flag(name: String, inline: String?)
        case positional
    }
    let kind: Kind
    /// The argument's text when it was a bare word.
    let word: String?
    /// Its compiled expression when it was not a bare word.
    let node: Node?
    let span: Span
}

/// A command call. Engine and user commands are found when compiling; a stage command is looked up
/// when it runs, so `stage use` takes effect at once.
final class CallNode: Node {
    let name: String
    let nameSpan: Span
    let arguments: [CompiledArgument]
    /// For `where`: the row condition, compiled from the words after the name.
    let condition: CompiledCondition?
    let fixed: CommandTable.Entry?
    /// Whether the call's value is used (bound, piped on, an argument); the compiler clears it for the
    /// last call of a statement, whose value is printed or dropped.
    var valueUsed = true
    /// For `group-by KEY` piped straight into `aggregate {…}`: that call, whose aggregates this one
    /// computes itself on stored rows (one SQL `GROUP BY`, as `group-by KEY --aggregate {…}`).
    var aggregatedBy: CallNode?

    init(name: String, nameSpan: Span, arguments: [CompiledArgument], condition: CompiledCondition?,
         fixed: CommandTable.Entry?, span: Span, unit: SourceUnit) {
        self.name = name
        self.nameSpan = nameSpan
        self.arguments = arguments
        self.condition = condition
        self.fixed = fixed
        super.init(span: span, unit: unit)
    }

    override func evaluate(_ env: Env) throws -> Value { try invoke(env, input: .null) }

    /// Runs the call on `input`. With `borrowing`, the `aggregate` call that follows a `group-by`,
    /// its aggregates become this call's `--aggregate` (errors still point at that call's words).
    func invoke(_ env: Env, input: Value, borrowing aggregate: CallNode? = nil) throws -> Value {
        let interpreter = env.interpreter
        guard let entry = fixed ?? interpreter.table.lookup(name) else {
            if let (_, stage) = interpreter.table.registry.anyCommand(named: name) {
                throw failure("\(name) is offered by \(stage.slot)/\(stage.implementation), which is not the active implementation",
                              hint: "stage use \(stage.slot) \(stage.implementation)", at: nameSpan)
            }
            throw failure("unknown command \"\(name)\"", at: nameSpan)
        }
        var (invocation, spans, format, wantsHelp) = try bind(entry.signature, env: env)
        if wantsHelp {
            interpreter.messages.line(HelpText.detail(entry.signature, stage: nil))
            return .null
        }
        if let format { interpreter.statementFormat = format }
        if let aggregate, let signature = aggregate.fixed?.signature {
            let (borrowed, borrowedSpans, borrowedFormat, _) = try aggregate.bind(signature, env: env)
            invocation.arguments["aggregate"] = borrowed["aggregates"]
            for (name, span) in borrowedSpans where name.hasPrefix("aggregates") {
                spans["aggregate" + name.dropFirst("aggregates".count)] = span
            }
            if let borrowedFormat { interpreter.statementFormat = borrowedFormat }
        }
        invocation.input = input
        invocation.isValueUsed = valueUsed || interpreter.resultFormat != .table
        if !invocation.isValueUsed, entry.signature.creates { interpreter.announcedBy = self }
        if interpreter.cancellation.isCancelled { throw interpreter.cancelled(at: self) }
        do {
            switch entry {
            case .engine(let command):
                return try command.run(invocation, CallContext(interpreter: interpreter, env: env, node: self))
            case .user(let command):
                return try interpreter.call(command, invocation, env: env, from: self)
            case .stage(let command, let stage):
                if command.signature.input != .storedRows { invocation.input = try interpreter.materialize(input, at: self) }
                let value = try interpreter.runStageCommand(command, stage: stage, invocation, at: self)
                interpreter.rememberDisplay(of: value, command.signature)
                return value
            }
        } catch let error as CommandError {
            if interpreter.cancellation.isCancelled { throw interpreter.cancelled(at: self) }
            let span = error.argument.flatMap { spans[$0] } ?? span
            throw ScriptFailure(.script, Diagnostic(error.message, at: span, hint: error.hint), in: unit.file)
        } catch let error as DatabaseFailure {
            if interpreter.cancellation.isCancelled { throw interpreter.cancelled(at: self) }
            throw ScriptFailure(.database, Diagnostic(error.message, at: span), in: unit.file)
        }
    }

    /// Matches the arguments against the signature: typed values, where each came from, any
    /// `--json`/`--csv`, and whether `--help` was asked for.
    func bind(_ signature: CommandSignature, env: Env) throws -> (Invocation, [String: Span], OutputFormat?, Bool) {
        var invocation = Invocation()
        var spans: [String: Span] = [:]
        var format: OutputFormat?
        var positionalIndex = 0
        var rest: [Value] = []
        let takesCondition = signature.positionals.first?.type == .condition
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if case .flag(let flagName, let inline) = argument.kind {
                switch flagName {
                case "json": format = .json; continue
                case "csv": format = .csv; continue
                case "wide": env.interpreter.statementView = .wide; continue
                case "expand": env.interpreter.statementView = .expanded; continue
                case "help": return (invocation, spans, format, true)
                default: break
                }
                guard let flag = signature.flag(named: flagName) else {
                    let names = signature.allFlags.map(\.name) + CommandSignature.shellFlags + ["help"]
                    let hint = EditDistance.closest(to: flagName, among: names).first.map { "did you mean --\($0)?" }
                        ?? "\(signature.name) takes: " + names.map { "--" + $0 }.joined(separator: " ")
                    throw failure("unknown flag --\(flagName) for \(signature.name)", hint: hint, at: argument.span)
                }
                var value: Value
                var valueSpan = argument.span
                if let inline {
                    value = try convert(word: inline, node: nil, to: flag.type, label: "--\(flag.name)", span: argument.span, env: env)
                } else if flag.type == .bool {
                    value = .bool(true)
                } else {
                    guard index < arguments.count, case .positional = arguments[index].kind else {
                        throw failure("--\(flag.name) needs a value (\(flag.type.placeholder))", at: argument.span)
                    }
                    let valueArgument = arguments[index]
                    index += 1
                    valueSpan = argument.span.through(valueArgument.span)
                    value = try convert(word: valueArgument.word, node: valueArgument.node, to: flag.type,
                                        label: "--\(flag.name)", span: valueArgument.span, env: env)
                }
                if flag.isRepeatable {
                    if case .list(let earlier)? = invocation.arguments[flag.name] { value = .list(earlier + [value]) } else { value = .list([value]) }
                }
                invocation.arguments[flag.name] = value
                spans[flag.name] = valueSpan
                continue
            }
            if takesCondition { continue }
            guard positionalIndex < signature.positionals.count else {
                throw failure("too many arguments for \(signature.name)", hint: "usage: \(signature.usage)", at: argument.span)
            }
            let positional = signature.positionals[positionalIndex]
            let value = try convert(word: argument.word, node: argument.node, to: positional.type,
                                    label: positional.name.uppercased(), span: argument.span, env: env)
            if positional.isRest {
                // Each item has its own span too (`columns[1]`), so an error about one word of a
                // list points at that word alone.
                spans["\(positional.name)[\(rest.count)]"] = argument.span
                rest.append(value)
                spans[positional.name] = spans[positional.name].map { $0.through(argument.span) } ?? argument.span
            } else {
                invocation.arguments[positional.name] = value
                spans[positional.name] = argument.span
                positionalIndex += 1
            }
        }
        if let last = signature.positionals.last, last.isRest {
            invocation.arguments[last.name] = rest.isEmpty ? nil : .list(rest)
        }
        if takesCondition, let condition, let positional = signature.positionals.first {
            invocation.arguments[positional.name] = .closure(OpaqueClosure(condition))
            spans[positional.name] = condition.node.span
        }
        for positional in signature.positionals where !positional.isOptional && invocation.arguments[positional.name] == nil {
            throw failure("\(signature.name) needs \(positional.name.uppercased()): \(positional.summary.lowercasedFirst)",
                          hint: "usage: \(signature.usage)", at: Span(span.end, span.end + 1))
        }
        for flag in signature.allFlags where invocation.arguments[flag.name] == nil {
            invocation.arguments[flag.name] = flag.defaultValue ?? (flag.type == .bool ? .bool(false) : .null)
        }
        invocation.isDryRun = invocation.flag("dry-run")
        return (invocation, spans, format, false)
    }

    private func convert(word: String?, node: Node?, to type: ArgumentType, label: String, span: Span,
                         env: Env) throws -> Value {
        do {
            if let word { return try Coercion.fromWord(word, to: type) }
            guard let node else { return .null }
            var value = try node.evaluate(env)
            if case .relation = value, type != .table, type != .word { value = try env.interpreter.materialize(value, at: node) }
            return try Coercion.fromValue(value, to: type)
        } catch let error as Coercion.Failure {
            throw failure("bad value for \(label): \(error.message)", at: span)
        }
    }
}

extension String {
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
