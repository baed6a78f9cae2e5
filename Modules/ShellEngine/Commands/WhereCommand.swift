#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `where CONDITION`: keeps the rows for which the condition holds; on stored rows it runs as SQL.
enum WhereCommand {
    static let command = EngineCommand(CommandSignature(
        "where",
        summary: "Keep the rows for which a condition holds.",
        positionals: [Positional("condition", .condition,
                                 "Comparisons of columns with values, joined by and, or, not; or a closure.")],
        input: .table, output: .table,
        examples: [
            Example("lead list | where budget > 10000 and industry == retail", "Retail leads with a budget over 10,000.00.",
                    setup: "lead add Acme --budget 50000 --industry retail"),
            Example("lead list | where name =~ acme or source == referral", "Leads named like Acme, or referred.",
                    setup: "lead add Acme"),
            Example("[1 2 3 4] | where { |n| $n mod 2 == 0 }", "A closure as the condition."),
        ])) { invocation, context in
        guard case .closure(let opaque)? = invocation["condition"], let condition = opaque.payload as? CompiledCondition else {
            throw CommandError("where needs a condition", argument: "condition")
        }
        // `customer.name` on rows with a `customer` id column: joined in for the test, then left out.
        let (input, added) = condition.isClosure ? (invocation.input, [])
            : try RelatedFields.reach(condition.columns.map(\.name), in: invocation.input, context: context)
        return RelatedFields.drop(added, from: try filter(input, by: condition, context), context: context)
    }

    private static func filter(_ input: Value, by condition: CompiledCondition, _ context: CallContext) throws -> Value {
        // A column the rows do not have is an error whether or not there are rows to test.
        if !condition.isClosure, !condition.columns.isEmpty, let columns = ColumnCheck.known(input),
           let missing = condition.columns.first(where: { !columns.contains($0.name) }) {
            throw missing.node.failure("no column \"\(missing.name)\"", hint: ColumnCheck.hint(for: missing.name, among: columns))
        }
        if case .relation(let relation) = input, !condition.isClosure,
           let pushed = try RelationPushdown.filter(relation, by: condition.expression, context: context) {
            return .relation(pushed)
        }
        if case .list(let items) = input, items.contains(where: { if case .record = $0 { return false } else { return true } }) {
            var kept: [Value] = []
            for item in items where try context.test(condition, row: Record([("it", item)]), item: item) { kept.append(item) }
            return .list(kept)
        }
        let table = try context.interpreter.materialize(input, at: context.node)
        let rows = try context.rows(table, for: "where")
        let columns = context.columns(of: table)
        var kept: [Record] = []
        for row in rows {
            if context.interpreter.cancellation.isCancelled { throw context.interpreter.cancelled(at: context.node) }
            if try context.test(condition, row: row) { kept.append(row) }
        }
        return .table(Table(columns: columns, rows: kept))
    }
}
