#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit
import StageSupport

extension Compiler {
    /// A command call: resolves the name (two words before one), compiles the arguments and, for a
    /// command taking a row condition, the condition.
    func compileCall(_ call: CommandCall) throws -> Node {
        guard case .positional(.bareWord(let first, let firstSpan))? = call.arguments.first else {
            throw error("expected a command name", at: call.span)
        }
        var nameWords = 1
        var name = first
        var entry = lookup(first)
        if call.arguments.count >= 2, case .positional(.bareWord(let second, _)) = call.arguments[1],
           let found = lookup(first + " " + second) {
            name = first + " " + second
            entry = found
            nameWords = 2
        }
        let nameSpan = firstSpan.through(call.arguments[nameWords - 1].span)
        if name == "source" { return try compileSource(call) }
        guard let entry else { throw unknownCommand(call) }
        effects.note(entry, named: name, arguments: call.arguments.dropFirst(nameWords), registry: interpreter.table.registry)
        let signature = entry.signature
        var condition: CompiledCondition?
        if signature.positionals.first?.type == .condition {
            let conditionSpan = Span(nameSpan.end, call.span.end)
            let expression: ShellSyntax.Expression
            if call.arguments.count == nameWords + 1, case .positional(let only) = call.arguments[nameWords],
               case .closure = only {
                // A lone closure parses the same as an argument and as a condition: take it as parsed,
                // rather than parse again the words of every `where` nested in it, at every level.
                expression = only
            } else {
                let tokens = Array(call.tokens.dropFirst(nameWords - 1))
                do { expression = try Parser.parseCondition(tokens, in: unit.file, at: Span(nameSpan.end, nameSpan.end + 1),
                                                            nesting: nesting) } catch {
                    throw ScriptFailure(.script, error, in: unit.file)
                }
            }
            if case .closure(let closure, let span) = expression {
                condition = CompiledCondition(node: try compileClosure(closure, span: span), expression: expression, isClosure: true)
            } else {
                let outer = columnReferences
                columnReferences = []
                defer { columnReferences = outer }
                let node = try compileExpression(expression)
                condition = CompiledCondition(node: node, expression: expression, isClosure: false, columns: columnReferences ?? [])
            }
            _ = conditionSpan
        }
        var arguments: [CompiledArgument] = []
        for argument in call.arguments.dropFirst(nameWords) {
            switch argument {
            case .flag(let flagName, let value, let span):
                var inline: String?
                if let value {
                    guard case .bareWord(let text, _) = value else { throw error("unexpected flag value", at: span) }
                    inline = text
                }
                arguments.append(CompiledArgument(kind: .flag(name: flagName, inline: inline), word: nil, node: nil, span: span))
            case .positional(.bareWord(let text, let span)):
                arguments.append(CompiledArgument(kind: .positional, word: text, node: nil, span: span))
            case .positional(let expression):
                if condition != nil {
                    arguments.append(CompiledArgument(kind: .positional, word: "", node: nil, span: expression.span))
                } else {
                    arguments.append(CompiledArgument(kind: .positional, word: nil, node: try compileExpression(expression),
                                                      span: expression.span))
                }
            }
        }
        let fixed: CommandTable.Entry?
        switch entry {
        case .stage: fixed = nil
        default: fixed = entry
        }
        return CallNode(name: name, nameSpan: nameSpan, arguments: arguments, condition: condition, fixed: fixed,
                        span: call.span, unit: unit)
    }

    func unknownCommand(_ call: CommandCall) -> ScriptFailure {
        var words: [(String, Span)] = []
        for argument in call.arguments.prefix(2) {
            guard case .positional(.bareWord(let text, let span)) = argument else { break }
            words.append((text, span))
        }
        let table = interpreter.table
        let first = words.first?.0 ?? ""
        let firstSpan = words.first?.1 ?? call.span
        let spoken = words.map(\.0).joined(separator: " ")
        if let (_, stage) = table.registry.anyCommand(named: spoken) {
            return error("\(spoken) is offered by \(stage.slot)/\(stage.implementation), which is not the active implementation",
                         at: firstSpan.through(words.last?.1 ?? firstSpan), hint: "stage use \(stage.slot) \(stage.implementation)")
        }
        let subcommands = table.names.filter { $0.hasPrefix(first + " ") }
        if !subcommands.isEmpty {
            if words.count >= 2 {
                let two = first + " " + words[1].0
                let hint = table.suggestions(for: two).first.map { "did you mean \"\($0)\"?" }
                    ?? "\(first) commands: " + subcommands.joined(separator: ", ")
                return error("unknown command \"\(two)\"", at: firstSpan.through(words[1].1), hint: hint)
            }
            return error("\"\(first)\" needs a subcommand", at: firstSpan, hint: "one of: " + subcommands.joined(separator: ", "))
        }
        let suggestions = table.suggestions(for: first, then: words.count >= 2 ? words[1].0 : nil)
        let hint = suggestions.first.map { "did you mean \"\($0)\"?" }
            ?? (scope.resolve(first) != nil ? "to use the variable, write $\(first)" : "type help to list the commands")
        return error("unknown command \"\(first)\"", at: firstSpan, hint: hint)
    }

    /// `source FILE` inside a block: reads, parses and compiles the file here, relative to the file
    /// doing the sourcing.
    func compileSource(_ call: CommandCall) throws -> Node {
        let (file, block) = try readSource(call)
        let outerUnit = unit
        let note = sourceNote(file, at: call.span)
        unit = SourceUnit(file)
        sourceDepth += 1
        defer { unit = outerUnit; sourceDepth -= 1 }
        do {
            let body = try compileBlock(block, scoped: false)
            return SourcedNode(body: body, span: call.span, unit: outerUnit)
        } catch var failure as ScriptFailure {
            failure.notes.append(note)
            throw failure
        }
    }

    /// `in b.funnel, sourced at a.funnel:7:1`: the note errors in a sourced file carry, for the
    /// `source` at `span` of the file being compiled.
    func sourceNote(_ file: SourceFile, at span: Span) -> String {
        let (line, column) = unit.file.location(of: span.start)
        return "in \(file.name), sourced at \(unit.file.name):\(line):\(column)"
    }

    /// The file `source FILE` names, relative to the file doing the sourcing, parsed.
    func readSource(_ call: CommandCall) throws -> (SourceFile, Block) {
        guard call.arguments.count == 2 else {
            throw error("source needs one file name", at: call.span, hint: "source lib/helpers.funnel")
        }
        let pathExpression: String
        switch call.arguments[1] {
        case .positional(.bareWord(let text, _)), .positional(.literal(.string(let text), _)): pathExpression = text
        default: throw error("source needs the file name written out, not computed", at: call.arguments[1].span)
        }
        guard sourceDepth < 32 else { throw error("source nested too deeply (a file sourcing itself?)", at: call.span) }
        let base = unit.file.name.hasPrefix("<") ? FileManager.default.currentDirectoryPath
            : PathName.folder(unit.file.name)
        let path = pathExpression.hasPrefix("/") ? pathExpression : (base.isEmpty ? pathExpression : base + "/" + pathExpression)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw error("cannot read \(path)", at: call.arguments[1].span)
        }
        let text: String
        do throws(UnicodeText.Refusal) { text = try UnicodeText.decode(data) } catch {
            throw self.error("\(path):\(error.line):\(error.column): \(error.message)", at: call.arguments[1].span)
        }
        let file = SourceFile(name: path, text: text)
        do { return (file, try Parser.parse(file)) } catch {
            var failure = ScriptFailure(.script, error, in: file)
            failure.notes.append(sourceNote(file, at: call.span))
            throw failure
        }
    }
}
