import StageKit

/// `sort-by FIELD...`: orders rows by one or more columns, nulls last.
enum SortByCommand {
    static let command = Command(CommandSignature(
        "sort-by",
        summary: "Order the rows by one or more columns.",
        positionals: [Positional("fields", .string, "The columns to sort by, most significant first.", rest: true)],
        flags: [Flag("reverse", .bool, "Sort in descending order.")],
        input: .table, output: .table,
        examples: [Example("lead list | sort-by budget --reverse", "Largest budgets first.",
                           setup: "lead add Acme --budget 50000; lead add Beta --budget 90000")])) { invocation, _ in
        let rows = try Builtins.rows(of: invocation.input, for: "sort-by")
        let fields = invocation.list("fields").map(\.plainText)
        guard !fields.isEmpty else { throw CommandError("sort-by needs at least one column", argument: "fields") }
        let columns = Builtins.columns(of: invocation.input)
        if !rows.isEmpty, let missing = fields.first(where: { !columns.contains($0) }) {
            throw CommandError("no column \"\(missing)\"", argument: "fields", hint: "columns: " + columns.joined(separator: ", "))
        }
        let reverse = invocation.flag("reverse")
        let sorted = rows.enumerated().sorted { a, b in
            for field in fields {
                let x = a.element[field] ?? .null, y = b.element[field] ?? .null
                if x == y { continue }
                if x == .null { return false }
                if y == .null { return true }
                let before = ValueOrdering.sortsBefore(x, y), after = ValueOrdering.sortsBefore(y, x)
                if before == after { continue }
                return reverse ? after : before
            }
            return a.offset < b.offset
        }.map(\.element)
        return .table(Table(columns: columns, rows: sorted))
    }
}
