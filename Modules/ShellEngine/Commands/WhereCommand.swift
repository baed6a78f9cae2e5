import StageKit

/// `where FIELD OP VALUE`: keeps the rows for which the comparison holds.
enum WhereCommand {
    static let operators = ["==", "!=", ">", ">=", "<", "<=", "=~"]

    static let command = Command(CommandSignature(
        "where",
        summary: "Keep the rows whose field compares true with a value.",
        positionals: [
            Positional("field", .string, "The column to test."),
            Positional("operator", .choice(operators), "One of == != > >= < <= =~ (contains)."),
            Positional("value", .word, "What to compare with: a number, amount, date, id or text."),
        ],
        input: .table, output: .table,
        examples: [
            Example("lead list | where budget > 10000", "Leads with a budget over 10,000.00.",
                    setup: "lead add Acme --budget 50000"),
            Example("lead list | where name =~ Acme", "Leads whose name contains Acme.",
                    setup: "lead add Acme"),
        ])) { invocation, _ in
        let rows = try Builtins.rows(of: invocation.input, for: "where")
        let field = invocation.string("field") ?? ""
        let op = invocation.string("operator") ?? "=="
        let target = invocation["value"] ?? .null
        let columns = Builtins.columns(of: invocation.input)
        if !rows.isEmpty, !columns.contains(field) {
            throw CommandError("no column \"\(field)\"", argument: "field",
                               hint: "columns: " + columns.joined(separator: ", "))
        }
        let kept = rows.filter { holds($0[field] ?? .null, op, target) }
        return .table(Table(columns: columns, rows: kept))
    }

    static func holds(_ value: Value, _ op: String, _ target: Value) -> Bool {
        if op == "=~" {
            return value.plainText.lowercased().contains(target.plainText.lowercased())
        }
        guard let outcome = ValueOrdering.compare(value, target) else {
            // Text compared with text-looking literals (e.g. a status) falls back to text equality.
            if case .string = value, op == "==" || op == "!=" {
                return (value.plainText == target.plainText) == (op == "==")
            }
            return op == "!="
        }
        switch op {
        case "==": return outcome == .equal
        case "!=": return outcome != .equal
        case ">": return outcome == .greater
        case ">=": return outcome != .less
        case "<": return outcome == .less
        case "<=": return outcome != .greater
        default: return false
        }
    }
}
