#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

extension Compiler {
    /// First pass over a block: makes every `def` in it callable, so calls may come before the definition.
    func declareDefinitions(in statements: [Statement]) throws {
        for statement in statements {
            guard case .definition(let definition) = statement else { continue }
            if case .engine? = interpreter.table.lookup(definition.name) {
                throw error("\(definition.name) is a built-in command and cannot be redefined", at: definition.nameSpan)
            }
            if case .stage? = interpreter.table.lookup(definition.name) {
                throw error("\(definition.name) is a stage's command and cannot be redefined", at: definition.nameSpan)
            }
            let functionScope = FunctionScope(parent: interpreter.globalScope, allowsReturn: true)
            var positionals: [Positional] = []
            var flags: [Flag] = []
            var slots: [String: Int] = [:]
            var positionalDefaults: [String: Value] = [:]
            for parameter in definition.parameters {
                let type = try argumentType(parameter)
                let defaultValue = try parameter.defaultValue.map { try constant($0) }
                slots[parameter.name] = functionScope.declare(parameter.name, mutable: false)
                switch parameter.kind {
                case .positional: positionals.append(Positional(parameter.name, type, "A \(parameter.type ?? "value")."))
                case .optional: positionals.append(Positional(parameter.name, type, "A \(parameter.type ?? "value").", optional: true))
                case .rest: positionals.append(Positional(parameter.name, type, "Any number of values.", optional: true, rest: true))
                case .flag: flags.append(Flag(parameter.name, type, "A \(parameter.type ?? "value").", default: defaultValue))
                case .switchFlag: flags.append(Flag(parameter.name, .bool, "A switch."))
                }
                if parameter.kind == .optional, let defaultValue {
                    positionalDefaults[parameter.name] = defaultValue
                }
            }
            if let restIndex = positionals.firstIndex(where: \.isRest), restIndex != positionals.count - 1 {
                throw error("the ...rest parameter must come last", at: definition.span)
            }
            var summary = definition.summary ?? "Defined with def."
            if !summary.hasSuffix(".") { summary += "." }
            let signature = CommandSignature(definition.name, summary: summary, positionals: positionals, flags: flags,
                                             input: .any, output: .any)
            let command = UserCommand(signature: signature, parameterSlots: slots, unit: unit)
            command.positionalDefaults = positionalDefaults
            pending[definition.name] = command
            definitionScopes[ObjectIdentifier(command)] = functionScope
        }
    }

    /// Second pass: compiles the body of a `def` declared by `declareDefinitions`.
    func compileDefinitionBody(_ definition: Definition) throws {
        guard let command = pending[definition.name], command.body == nil,
              let functionScope = definitionScopes[ObjectIdentifier(command)] else { return }
        let outer = scope, outerEffects = effects
        scope = functionScope
        effects = Effects()
        defer { scope = outer; effects = outerEffects }
        let body = try compileBlock(definition.body, scoped: false)
        command.effects = effects
        command.body = body
        command.frameSize = functionScope.size
    }

    private func argumentType(_ parameter: ParameterDeclaration) throws -> ArgumentType {
        switch parameter.type {
        case nil, "any", "number": return .word
        case "string": return .string
        case "int": return .int
        case "decimal": return .decimal
        case "money": return .money
        case "date": return .date
        case "duration": return .duration
        case "bool": return .bool
        case "list": return .list
        case "record": return .record
        case "table": return .table
        case "closure": return .closure
        case "file": return .file
        case "lead": return .id(.lead)
        case let other?: throw error("unknown type \(other)", at: parameter.span)
        }
    }

    /// A default value: a literal only.
    private func constant(_ expression: ShellSyntax.Expression) throws -> Value {
        switch expression {
        case .literal(let literal, let span):
            do { return try LiteralValue.value(of: literal) } catch { throw self.error(error.message, at: span) }
        default:
            throw error("a default must be a literal value such as 5, \"text\" or 100CNY", at: expression.span)
        }
    }
}
