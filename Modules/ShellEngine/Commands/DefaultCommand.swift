#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `default VALUE [COLUMN]`: fills what is empty: with a column, that column of each row (or of the
/// record) where it is null or missing; without, the input itself when it is null.
enum DefaultCommand {
    static let command = EngineCommand(CommandSignature(
        "default",
        summary: "Put a value where there is none: in a column of each row where it is null or missing, or for a null input.",
        positionals: [
            Positional("value", .word, "The value to put in."),
            Positional("column", .string, "The column (or record field) to fill.", optional: true),
        ],
        input: .any, output: .any,
        examples: [
            Example("[{name: Acme, budget: 100CNY} {name: Beta}] | default 0CNY budget", "Beta gets a budget of 0.00 CNY."),
            Example("null | default 5", "5."),
            Example("lead list | default unknown industry | get industry", "Every lead's industry, unknown where there is none.",
                    setup: "lead add Acme --industry retail; lead add Beta"),
        ])) { invocation, context in
        let fill = invocation.arguments["value"] ?? .null
        let input = try context.interpreter.materialize(invocation.input, at: context.node)
        guard let column = invocation.string("column") else { return input == .null ? fill : input }
        func filled(_ record: Record) -> Record {
            var result = record
            if (result[column] ?? .null) == .null { result[column] = fill }
            return result
        }
        switch input {
        case .record(let record): return .record(filled(record))
        case .table(let table):
            let columns = table.columns.contains(column) ? table.columns : table.columns + [column]
            return .table(Table(columns: columns, rows: table.rows.map(filled)))
        case .null: return .null
        default:
            guard let rows = input.rows else {
                throw CommandError("default with a column needs a record or a table, got \(Operators.describe(input))", argument: "column",
                                   hint: "without a column it replaces a null input: default 0")
            }
            return .table(Table(rows: rows.map(filled)))
        }
    }
}
