import StageKit

/// `first [N]`: the first N rows (one by default).
enum FirstCommand {
    static let command = Command(CommandSignature(
        "first",
        summary: "Keep the first N rows (1 when N is not given).",
        positionals: [Positional("count", .int, "How many rows to keep.", optional: true)],
        input: .table, output: .table,
        examples: [Example("lead list | first 2", "The two oldest leads.",
                           setup: "lead add Acme; lead add Beta; lead add Gamma")])) { invocation, _ in
        let rows = try Builtins.rows(of: invocation.input, for: "first")
        let count = invocation.int("count") ?? 1
        guard count >= 0 else { throw CommandError("first needs a count of 0 or more", argument: "count") }
        return .table(Table(columns: Builtins.columns(of: invocation.input), rows: Array(rows.prefix(Int(count)))))
    }
}
