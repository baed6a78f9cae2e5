#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `sort-by COLUMN... [--reverse]`: orders rows by one or more columns, nulls last.
enum SortByCommand {
    static let command = EngineCommand(CommandSignature(
        "sort-by",
        summary: "Order the rows by one or more columns, empty values last (name? sorts rows without the column last).",
        positionals: [Positional("columns", .string, "The columns to sort by, most significant first.", optional: true, rest: true)],
        flags: [Flag("reverse", .bool, "Sort in descending order.")],
        input: .any, output: .table,
        examples: [
            Example("lead list | sort-by budget --reverse", "Largest budgets first.",
                    setup: "lead add Acme --budget 50000; lead add Beta --budget 90000"),
            Example("[3 1 2] | sort-by", "A list of values sorts by the values."),
            Example("[{n: 2} {m: 1} {n: 1}] | sort-by n?", "Rows without n come last."),
        ])) { invocation, context in
        let names = invocation.list("columns").map(\.plainText)
        let fields = names.map { $0.hasSuffix("?") ? String($0.dropLast()) : $0 }
        let (input, added) = try RelatedFields.reach(fields, in: invocation.input, context: context)
        let wanted = ColumnCheck.wanted(names, in: input)
        return RelatedFields.drop(added, from: try sort(input, by: wanted, reverse: invocation.flag("reverse"), context), context: context)
    }

    private static func sort(_ stored: Value, by wanted: [ColumnCheck.Wanted], reverse: Bool, _ context: CallContext) throws -> Value {
        let fields = wanted.map(\.name)
        if !fields.isEmpty, let missing = ColumnCheck.missing(wanted, in: stored, argument: "columns") { throw missing }
        if case .relation(let relation) = stored, !fields.isEmpty, fields.allSatisfy({ relation.column(named: $0) != nil }),
           let sorted = RelationPushdown.sort(relation, by: fields, reverse: reverse) {
            return .relation(sorted)
        }
        let input = try context.interpreter.materialize(stored, at: context.node)
        if fields.isEmpty {
            let items = try context.items(input, for: "sort-by")
            let sorted = items.enumerated().sorted { a, b in
                order(a.element, b.element, reverse: reverse) ?? (a.offset < b.offset)
            }.map(\.element)
            return .list(sorted)
        }
        let rows = try context.rows(input, for: "sort-by")
        let columns = context.columns(of: input)
        let sorted = rows.enumerated().sorted { a, b in
            for field in fields {
                if let before = order(a.element[field] ?? .null, b.element[field] ?? .null, reverse: reverse) { return before }
            }
            return a.offset < b.offset
        }.map(\.element)
        return .table(Table(columns: columns, rows: sorted))
    }

    /// Whether `x` goes before `y`; `nil` when they tie. Empty values go last either way.
    static func order(_ x: Value, _ y: Value, reverse: Bool) -> Bool? {
        if x == y { return nil }
        if x == .null { return false }
        if y == .null { return true }
        let before = ValueOrdering.sortsBefore(x, y), after = ValueOrdering.sortsBefore(y, x)
        if before == after { return nil }
        return reverse ? after : before
    }
}
