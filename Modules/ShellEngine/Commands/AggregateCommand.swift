#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `aggregate {NAME: 'FUNCTION COLUMN', ...}`: after `group-by`, the aggregates of each group's rows
/// beside its value; on any other table, one row of the aggregates of all its rows.
enum AggregateCommand {
    static let command = EngineCommand(CommandSignature(
        "aggregate",
        summary: "Sum, count, average, min or max columns: per group after group-by, else over all rows.",
        positionals: [Positional("aggregates", .record, "{NAME: 'FUNCTION COLUMN'}, FUNCTION one of sum, count, avg, min, max; count alone counts rows.")],
        input: .table, output: .table,
        examples: [Example("deal list | group-by owner | aggregate {value: 'sum value', deals: count}",
                           "The same table as group-by owner --aggregate, from the groups in memory.",
                           setup: "lead add Acme --budget 5000; lead qualify L-1 --owner alice --force"),
                   Example("lead list | aggregate {total: 'sum budget', largest: 'max budget', leads: count}", "One row over every lead.",
                           setup: "lead add A --budget 100; lead add B --budget 900")])) { invocation, context in
        let aggregates = try AggregateSpec.parse(invocation["aggregates"] ?? .null, argument: "aggregates")
        let input = try context.interpreter.materialize(invocation.input, at: context.node)
        let columns = context.columns(of: input)
        let rows = try context.rows(input, for: "aggregate")
        // A group-by table: its value column, `count` and `rows`.
        if columns.count == 3, columns[1] == "count", columns[2] == "rows",
           rows.allSatisfy({ if case .table = $0["rows"] ?? .null { true } else { false } }) {
            let key = columns[0]
            return .table(Table(columns: [key] + aggregates.map(\.name), rows: try rows.map { group in
                guard case .table(let members)? = group["rows"] else { return Record([]) }
                try check(aggregates, members.columns)
                return Record([(key, group[key] ?? .null)] + (try aggregates.map { ($0.name, try $0.value(of: members.rows)) }))
            }))
        }
        try check(aggregates, columns)
        return .table(Table(columns: aggregates.map(\.name), rows: [Record(try aggregates.map { ($0.name, try $0.value(of: rows)) })]))
    }

    private static func check(_ aggregates: [AggregateSpec], _ columns: [String]) throws {
        guard !columns.isEmpty, let missing = aggregates.compactMap(\.column).first(where: { !columns.contains($0) }) else { return }
        throw CommandError("no column \"\(missing)\"", argument: "aggregates", hint: ColumnCheck.hint(for: missing, among: columns))
    }
}
