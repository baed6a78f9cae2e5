#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `join RIGHT LEFT_KEY [RIGHT_KEY] [--left]`: the input rows side by side with the rows of another
/// table whose key equals theirs; one SQL join when both are stored rows.
enum JoinCommand {
    static let command = EngineCommand(CommandSignature(
        "join",
        summary: "Put each row beside the rows of another table whose key equals its key.",
        positionals: [Positional("right", .table, "The other table, e.g. (customer list)."),
                      Positional("left-key", .string, "The input's column to match."),
                      Positional("right-key", .string, "The other table's column to match (default: the same name).", optional: true)],
        flags: [Flag("left", .bool, "Keep input rows without a match, their other columns empty (a left outer join).")],
        input: .table, output: .table,
        examples: [Example("deal list | join (customer list) customer id | select id title name tier",
                           "Each deal with its customer's name and tier.",
                           setup: "lead add Acme; lead qualify L-1 --owner alice --force")])) { invocation, context in
        let leftKey = invocation.string("left-key") ?? ""
        let rightKey = invocation.string("right-key") ?? leftKey
        let right = invocation["right"] ?? .null
        // The key may be a related field: `join (deal list) contract.deal id`.
        let (input, _) = try RelatedFields.reach([leftKey], in: invocation.input, context: context)
        if let missing = ColumnCheck.missing([leftKey], in: input, argument: "left-key") { throw missing }
        if let missing = ColumnCheck.missing([rightKey], in: right, argument: invocation["right-key"] == nil ? "left-key" : "right-key") {
            throw CommandError(missing.message + " in the table to join", argument: missing.argument, hint: missing.hint)
        }
        let joining = Joining(leftKey: leftKey, rightKey: rightKey, keepUnmatched: invocation.flag("left"), prefix: nil)
        return try join(input, right, joining, context)
    }

    /// The joined rows: stored when both sides are and SQL gives the same rows, else in memory.
    static func join(_ left: Value, _ right: Value, _ joining: Joining, _ context: CallContext) throws -> Value {
        if case .relation(let l) = left, case .relation(let r) = right, let joined = joining.relation(left: l, right: r) {
            return .relation(joined)
        }
        let leftTable = try table(left, context), rightTable = try table(right, context)
        return .table(joining.rows(left: leftTable, right: rightTable))
    }

    private static func table(_ value: Value, _ context: CallContext) throws -> Table {
        let materialized = try context.interpreter.materialize(value, at: context.node)
        if case .table(let table) = materialized { return table }
        return Table(columns: context.columns(of: materialized), rows: try context.rows(materialized, for: "join"))
    }
}
