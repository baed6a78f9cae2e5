import StageKit

/// `select FIELD...`: keeps only the named columns, in that order.
enum SelectCommand {
    static let command = Command(CommandSignature(
        "select",
        summary: "Keep only the named columns, in the order given.",
        positionals: [Positional("fields", .string, "The columns to keep.", rest: true)],
        input: .table, output: .table,
        examples: [Example("lead list | select id name budget", "Three columns of every lead.",
                           setup: "lead add Acme --budget 50000")])) { invocation, _ in
        let rows = try Builtins.rows(of: invocation.input, for: "select")
        let fields = invocation.list("fields").map(\.plainText)
        guard !fields.isEmpty else { throw CommandError("select needs at least one column", argument: "fields") }
        let columns = Builtins.columns(of: invocation.input)
        if !rows.isEmpty, let missing = fields.first(where: { !columns.contains($0) }) {
            throw CommandError("no column \"\(missing)\"", argument: "fields", hint: "columns: " + columns.joined(separator: ", "))
        }
        let kept = rows.map { row in Record(fields.map { ($0, row[$0] ?? .null) }) }
        return .table(Table(columns: fields, rows: kept))
    }
}
