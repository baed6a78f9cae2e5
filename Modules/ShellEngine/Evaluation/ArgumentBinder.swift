import FunnelModel
import ShellSyntax
import StageKit

/// A command call matched against its signature: the command, its arguments as typed values, and
/// where each argument stood, so a later error can point at it.
struct BoundCall {
    let command: Command
    let stage: StageDescriptor?
    var invocation: Invocation
    var argumentSpans: [String: Span]
    let nameSpan: Span
    let span: Span
    /// `--json` or `--csv` given on this command.
    var format: OutputFormat?
}

/// Matches words against a command signature, converting each argument to its declared type.
struct ArgumentBinder {
    let table: CommandTable
    let idKinds: [EntityKind]

    /// Resolves the command name (`lead add` before `lead`) and binds the rest of the words.
    func bind(_ call: CommandCall) throws(Diagnostic) -> BoundCall {
        let words = call.words
        guard let first = words.first else { throw Diagnostic("empty command", at: call.span) }
        var nameCount = 0
        var resolved: (Command, StageDescriptor?)?
        if words.count >= 2, !first.isQuoted, !words[1].isQuoted,
           let found = table.command(named: first.text + " " + words[1].text) {
            resolved = found
            nameCount = 2
        } else if !first.isQuoted, let found = table.command(named: first.text) {
            resolved = found
            nameCount = 1
        }
        guard let (command, stage) = resolved else { throw unknownCommand(words) }
        let nameSpan = first.span.through(words[nameCount - 1].span)
        return try bindArguments(Array(words[nameCount...]), to: command, stage: stage, nameSpan: nameSpan, callSpan: call.span)
    }

    private func unknownCommand(_ words: [Word]) -> Diagnostic {
        let first = words[0]
        let two = words.count >= 2 ? first.text + " " + words[1].text : first.text
        let subcommands = table.names.filter { $0.hasPrefix(first.text + " ") }
        if !subcommands.isEmpty, words.count >= 2 {
            let hint = table.suggestions(for: two).first.map { "did you mean \"\($0)\"?" }
                ?? "\(first.text) commands: " + subcommands.joined(separator: ", ")
            return Diagnostic("unknown command \"\(two)\"", at: first.span.through(words[1].span), hint: hint)
        }
        if !subcommands.isEmpty {
            return Diagnostic("\"\(first.text)\" needs a subcommand", at: first.span,
                              hint: "one of: " + subcommands.joined(separator: ", "))
        }
        let suggestions = table.suggestions(for: first.text) + (words.count >= 2 ? table.suggestions(for: two) : [])
        let hint = suggestions.first.map { "did you mean \"\($0)\"?" } ?? "type help to list the commands"
        return Diagnostic("unknown command \"\(first.text)\"", at: first.span, hint: hint)
    }

    private func bindArguments(_ words: [Word], to command: Command, stage: StageDescriptor?,
                               nameSpan: Span, callSpan: Span) throws(Diagnostic) -> BoundCall {
        let signature = command.signature
        var bound = BoundCall(command: command, stage: stage, invocation: Invocation(), argumentSpans: [:],
                              nameSpan: nameSpan, span: callSpan, format: nil)
        var positionalIndex = 0
        var restValues: [Value] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if let flagName = word.flagName {
                if flagName == "json" || flagName == "csv" {
                    bound.format = flagName == "json" ? .json : .csv
                    continue
                }
                guard let flag = signature.flag(named: flagName) else {
                    let names = signature.allFlags.map(\.name) + ["json", "csv"]
                    let close = names.map { ($0, EditDistance.between($0, flagName)) }.filter { $0.1 <= 2 }
                        .min { $0.1 < $1.1 }
                    let hint = close.map { "did you mean --\($0.0)?" }
                        ?? "\(signature.name) takes: " + names.map { "--" + $0 }.joined(separator: " ")
                    throw Diagnostic("unknown flag --\(flagName) for \(signature.name)", at: word.span, hint: hint)
                }
                let valueWord: Word
                if let inline = word.inlineFlagValue {
                    valueWord = inline
                } else if flag.type == .bool {
                    bound.invocation.arguments[flag.name] = .bool(true)
                    bound.argumentSpans[flag.name] = word.span
                    continue
                } else {
                    guard index < words.count, words[index].flagName == nil || words[index].isQuoted else {
                        throw Diagnostic("--\(flag.name) needs a value (\(flag.type.placeholder))", at: word.span)
                    }
                    valueWord = words[index]
                    index += 1
                }
                let value = try convert(valueWord, to: flag.type, label: "--\(flag.name)")
                bound.invocation.arguments[flag.name] = value
                bound.argumentSpans[flag.name] = word.span.through(valueWord.span)
                continue
            }
            guard positionalIndex < signature.positionals.count else {
                throw Diagnostic("too many arguments for \(signature.name)", at: word.span,
                                 hint: "usage: \(signature.usage)")
            }
            let positional = signature.positionals[positionalIndex]
            let value = try convert(word, to: positional.type, label: positional.name.uppercased())
            if positional.isRest {
                restValues.append(value)
                bound.argumentSpans[positional.name] = bound.argumentSpans[positional.name].map { $0.through(word.span) } ?? word.span
            } else {
                bound.invocation.arguments[positional.name] = value
                bound.argumentSpans[positional.name] = word.span
                positionalIndex += 1
            }
        }
        if let rest = signature.positionals.last, rest.isRest {
            bound.invocation.arguments[rest.name] = restValues.isEmpty ? .null : .list(restValues)
        }
        for flag in signature.allFlags where bound.invocation.arguments[flag.name] == nil {
            bound.invocation.arguments[flag.name] = flag.defaultValue ?? (flag.type == .bool ? .bool(false) : .null)
        }
        bound.invocation.isDryRun = bound.invocation.flag("dry-run")
        return bound
    }

    /// Checks that required positionals are present once pipeline input is known.
    static func checkRequired(_ bound: BoundCall, hasInput: Bool) throws(Diagnostic) {
        for positional in bound.command.signature.positionals where !positional.isOptional {
            if bound.invocation.arguments[positional.name] == nil {
                throw Diagnostic("\(bound.command.name) needs \(positional.name.uppercased()): \(positional.summary.lowercasedFirst)",
                                 at: Span(bound.span.end, bound.span.end + 1),
                                 hint: "usage: \(bound.command.signature.usage)")
            }
        }
    }

    private func convert(_ word: Word, to type: ArgumentType, label: String) throws(Diagnostic) -> Value {
        let text = word.text
        switch type {
        case .string, .file, .commandName:
            return .string(text)
        case .word:
            return Literal.value(of: word, idKinds: idKinds)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: throw Diagnostic("bad value for \(label): \"\(text)\" is not true or false", at: word.span)
            }
        case .int:
            guard let int = Int64(text) else {
                throw Diagnostic("bad value for \(label): \"\(text)\" is not a whole number", at: word.span)
            }
            return .int(int)
        case .money:
            do { return .money(try Money.parse(text)) } catch {
                throw Diagnostic("bad value for \(label): \(error.description)", at: word.span)
            }
        case .date:
            do { return .date(try Day.parse(text)) } catch {
                throw Diagnostic("bad value for \(label): \(error.description)", at: word.span)
            }
        case .id(let kind):
            guard let id = EntityID(parsing: text, as: kind) else {
                throw Diagnostic("bad value for \(label): \"\(text)\" is not a \(kind.noun) id (expected \(kind.prefix)-N)",
                                 at: word.span)
            }
            return .id(id)
        case .choice(let options):
            guard let match = options.first(where: { $0.lowercased() == text.lowercased() }) else {
                throw Diagnostic("bad value for \(label): \"\(text)\" is not one of \(options.joined(separator: ", "))",
                                 at: word.span)
            }
            return .string(match)
        }
    }
}

extension String {
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
