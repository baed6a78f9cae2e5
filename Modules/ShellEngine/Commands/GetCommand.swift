#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `get PATH`: a field of a record, a column of a table as a list, or an item by number. The path
/// is written as after a variable: `a.b.0`, `"days overdue"`, `'a."b c"'`, `phone?`.
enum GetCommand {
    static let command = EngineCommand(CommandSignature(
        "get",
        summary: "Take a field of a record, a column of a table, or an item by number (a.b.0; \"days overdue\"; phone? for null when missing).",
        positionals: [Positional("path", .string, "The field, column or number; dots go deeper, quotes keep a name whole, ? makes a member optional.")],
        input: .any, output: .any,
        examples: [Example("lead list | get name", "Every lead's name.", setup: "lead add Acme"),
                   Example("{a: {b: 5}} | get a.b", "A nested field."),
                   Example("{\"days overdue\": 12} | get \"days overdue\"", "A field whose name has a space."),
                   Example("{a: 1} | get b?", "Null, as there is no field b.")])) { invocation, context in
        let text = invocation.string("path") ?? ""
        var path = PathMember.parse(text)
        var input = invocation.input
        if case .relation(var relation) = input {
            // A column whose name is the whole text (dots and all) is that column.
            if relation.column(named: text) != nil { path = [PathMember(text)] }
            if let first = path.first, relation.column(named: first.name) != nil {
                relation.selection = [first.name]
                input = .relation(relation)
            }
        }
        let value = try context.interpreter.materialize(input, at: context.node)
        if path.count > 1, FieldPath.has(text, in: value) { path = [PathMember(text)] }
        do { return try FieldPath.follow(path, in: value) } catch let error as FieldPath.Failure {
            throw CommandError(error.message, argument: "path", hint: error.hint)
        }
    }
}
