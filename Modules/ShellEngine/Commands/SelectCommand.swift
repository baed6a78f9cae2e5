#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `select COLUMN...`: keeps only the named columns, in that order; `COLUMN?` is null where missing.
enum SelectCommand {
    static let command = EngineCommand(CommandSignature(
        "select",
        summary: "Keep only the named columns, in the order given; a column written name? is null where the rows lack it.",
        positionals: [Positional("columns", .string, "The columns to keep.", rest: true)],
        input: .table, output: .table,
        examples: [Example("lead list | select id name budget", "Three columns of every lead.",
                           setup: "lead add Acme --budget 50000"),
                   Example("[{id: 1, extra: x} {id: 2}] | select id extra?", "extra is empty in the second row.")])) { invocation, context in
        let wanted = ColumnCheck.wanted(invocation.list("columns").map(\.plainText), in: invocation.input)
        let fields = wanted.map(\.name)
        guard !fields.isEmpty else { throw CommandError("select needs at least one column", argument: "columns") }
        var (input, _) = try RelatedFields.reach(fields, in: invocation.input, context: context)
        if let missing = ColumnCheck.missing(wanted, in: input, argument: "columns") { throw missing }
        if case .relation(let relation) = input, fields.contains(where: { relation.column(named: $0) == nil }) {
            input = try context.interpreter.materialize(input, at: context.node)
        }
        if case .relation(var relation) = input {
            relation.selection = fields
            return .relation(relation)
        }
        if case .record(let record) = input {
            return .record(Record(try wanted.enumerated().map { index, column in
                let field = column.name
                guard let value = record[field] ?? (column.isOptional ? .null : nil) else {
                    throw CommandError("no field \"\(field)\"", argument: "columns[\(index)]",
                                       hint: ColumnCheck.hint(for: field, among: record.names).replacing("columns: ", with: "fields: "))
                }
                return (field, value)
            }))
        }
        let rows = try context.rows(input, for: "select")
        return .table(Table(columns: fields, rows: rows.map { row in Record(fields.map { ($0, row[$0] ?? .null) }) }))
    }
}
