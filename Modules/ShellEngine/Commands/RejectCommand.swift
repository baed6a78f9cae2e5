#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `reject COLUMN...`: drops the named columns.
enum RejectCommand {
    static let command = EngineCommand(CommandSignature(
        "reject",
        summary: "Drop the named columns.",
        positionals: [Positional("columns", .string, "The columns to drop.", rest: true)],
        input: .table, output: .table,
        examples: [Example("lead list | reject email phone created", "Leads without contact columns.",
                           setup: "lead add Acme")])) { invocation, context in
        let names = invocation.list("columns").map(\.plainText)
        let fields = Set(names)
        guard !fields.isEmpty else { throw CommandError("reject needs at least one column", argument: "columns") }
        if let missing = ColumnCheck.missing(names, in: invocation.input, argument: "columns") { throw missing }
        if case .relation(var relation) = invocation.input {
            relation.selection = relation.visibleColumns.filter { !fields.contains($0) }
            return .relation(relation)
        }
        if case .record(let record) = invocation.input {
            if let index = names.firstIndex(where: { record[$0] == nil }) {
                throw CommandError("no field \"\(names[index])\"", argument: "columns[\(index)]",
                                   hint: ColumnCheck.hint(for: names[index], among: record.names).replacing("columns: ", with: "fields: "))
            }
            return .record(Record(record.fields.filter { !fields.contains($0.name) }.map { ($0.name, $0.value) }))
        }
        let rows = try context.rows(invocation.input, for: "reject")
        let columns = context.columns(of: try context.interpreter.materialize(invocation.input, at: context.node))
            .filter { !fields.contains($0) }
        return .table(Table(columns: columns, rows: rows.map { row in Record(columns.map { ($0, row[$0] ?? .null) }) }))
    }
}
