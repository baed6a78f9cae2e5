import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// `group-by COLUMN`: one row per distinct value, with the count and the grouped rows.
enum GroupByCommand {
    static let command = EngineCommand(CommandSignature(
        "group-by",
        summary: "Group rows by a column's value: one row per value with its count and rows.",
        positionals: [Positional("column", .string, "The column to group by.")],
        input: .table, output: .table,
        examples: [Example("lead list | group-by status | select status count", "How many leads have each status.",
                           setup: "lead add Acme; lead add Beta")])) { invocation, context in
        let field = invocation.string("column") ?? ""
        if let missing = ColumnCheck.missing([field], in: invocation.input, argument: "column") {
            throw CommandError(missing.message, argument: "column", hint: missing.hint)
        }
        let rows = try context.rows(invocation.input, for: "group-by")
        var order: [Value] = []
        var groups: [String: [Record]] = [:]
        var keys: [String: Value] = [:]
        for row in rows {
            guard let value = row[field] else {
                throw CommandError("no column \"\(field)\"", argument: "column", hint: ColumnCheck.hint(for: field, among: row.names))
            }
            let key = value.typeName + ":" + value.plainText
            if groups[key] == nil { order.append(value); keys[key] = value }
            groups[key, default: []].append(row)
        }
        let result = order.map { value -> Record in
            let members = groups[value.typeName + ":" + value.plainText] ?? []
            return Record([(field, value), ("count", .int(Int64(members.count))), ("rows", .table(Table(rows: members)))])
        }
        return .table(Table(columns: [field, "count", "rows"], rows: result))
    }
}
