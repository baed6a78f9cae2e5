import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// `get PATH`: a field of a record, a column of a table as a list, or an item by number.
enum GetCommand {
    static let command = EngineCommand(CommandSignature(
        "get",
        summary: "Take a field of a record, a column of a table, or an item by number (a.b.0).",
        positionals: [Positional("path", .string, "The field, column or number; dots go deeper.")],
        input: .any, output: .any,
        examples: [Example("lead list | get name", "Every lead's name.", setup: "lead add Acme"),
                   Example("{a: {b: 5}} | get a.b", "A nested field.")])) { invocation, context in
        let path = (invocation.string("path") ?? "").split(separator: ".").map(String.init)
        var input = invocation.input
        if case .relation(var relation) = input, let first = path.first, relation.column(named: first) != nil {
            relation.selection = [first]
            input = .relation(relation)
        }
        let value = try context.interpreter.materialize(input, at: context.node)
        do { return try FieldPath.follow(path, in: value) } catch let error as FieldPath.Failure {
            throw CommandError(error.message, argument: "path", hint: error.hint)
        }
    }
}
