import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// `select COLUMN...`: keeps only the named columns, in that order.
enum SelectCommand {
    static let command = EngineCommand(CommandSignature(
        "select",
        summary: "Keep only the named columns, in the order given.",
        positionals: [Positional("columns", .string, "The columns to keep.", rest: true)],
        input: .table, output: .table,
        examples: [Example("lead list | select id name budget", "Three columns of every lead.",
                           setup: "lead add Acme --budget 50000")])) { invocation, context in
        let fields = invocation.list("columns").map(\.plainText)
        guard !fields.isEmpty else { throw CommandError("select needs at least one column", argument: "columns") }
        let (input, _) = try RelatedFields.reach(fields, in: invocation.input, context: context)
        if let missing = ColumnCheck.missing(fields, in: input, argument: "columns") { throw missing }
        if case .relation(var relation) = input {
            relation.selection = fields
            return .relation(relation)
        }
        if case .record(let record) = input {
            return .record(Record(try fields.enumerated().map { index, field in
                guard let value = record[field] else {
                    throw CommandError("no field \"\(field)\"", argument: "columns[\(index)]",
                                       hint: ColumnCheck.hint(for: field, among: record.names).replacingOccurrences(of: "columns: ", with: "fields: "))
                }
                return (field, value)
            }))
        }
        let rows = try context.rows(input, for: "select")
        return .table(Table(columns: fields, rows: rows.map { row in Record(fields.map { ($0, row[$0] ?? .null) }) }))
    }
}
