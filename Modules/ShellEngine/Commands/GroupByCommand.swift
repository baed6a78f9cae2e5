#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `group-by COLUMN [--aggregate {NAME: 'FUNCTION COLUMN', ...}]`: one row per distinct value, with
/// the count and the grouped rows, or with the aggregates (SQL `GROUP BY` on stored rows).
enum GroupByCommand {
    static let command = EngineCommand(CommandSignature(
        "group-by",
        summary: "Group rows by a column's value: one row per value with its count and rows, or with aggregates.",
        positionals: [Positional("column", .string, "The column to group by.")],
        flags: [Flag("aggregate", .record, "Aggregates instead of count and rows: {NAME: 'FUNCTION COLUMN'}, FUNCTION one of sum, count, avg, min, max; count alone counts rows.")],
        input: .table, output: .table,
        examples: [Example("lead list | group-by status | select status count", "How many leads have each status.",
                           setup: "lead add Acme; lead add Beta"),
                   Example("deal list | group-by owner --aggregate {value: 'sum value', deals: count}",
                           "Each owner's deals and their total value (one total per currency).",
                           setup: "lead add Acme --budget 5000; lead qualify L-1 --owner alice --force")])) { invocation, context in
        let field = invocation.string("column") ?? ""
        let (input, _) = try RelatedFields.reach([field], in: invocation.input, context: context)
        if let missing = ColumnCheck.missing([field], in: input, argument: "column") {
            throw CommandError(missing.message, argument: "column", hint: missing.hint)
        }
        if let spec = invocation["aggregate"] {
            let aggregates = try AggregateSpec.parse(spec, argument: "aggregate")
            let named = aggregates.compactMap(\.column)
            if let missing = ColumnCheck.missing(named, in: input, argument: "aggregate") {
                throw CommandError(missing.message, argument: "aggregate", hint: missing.hint)
            }
            if case .relation(let relation) = input,
               let table = try Grouping.table(relation, by: field, aggregates, in: try context.stageContext().database) {
                return .table(table)
            }
            return .table(try Grouping.table(try context.rows(input, for: "group-by"), by: field, aggregates))
        }
        let rows = try context.rows(input, for: "group-by")
        var order: [Value] = []
        var groups: [String: [Record]] = [:]
        for row in rows {
            guard let value = row[field] else {
                throw CommandError("no column \"\(field)\"", argument: "column", hint: ColumnCheck.hint(for: field, among: row.names))
            }
            let key = value.typeName + ":" + value.plainText
            if groups[key] == nil { order.append(value) }
            groups[key, default: []].append(row)
        }
        let result = order.map { value -> Record in
            let members = groups[value.typeName + ":" + value.plainText] ?? []
            return Record([(field, value), ("count", .int(Int64(members.count))), ("rows", .table(Table(rows: members)))])
        }
        return .table(Table(columns: [field, "count", "rows"], rows: result))
    }
}
