#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `merge RECORD`: the input record with the other's fields added or replacing its own; on tables,
/// row by row (the first row with the first row, ...).
enum MergeCommand {
    static let command = EngineCommand(CommandSignature(
        "merge",
        summary: "Add a record's fields to the input record (replacing fields of the same name); tables merge row by row.",
        positionals: [Positional("value", .word, "A record, or a table to merge row by row.")],
        input: .any, output: .any,
        examples: [
            Example("{name: Acme, budget: 100CNY} | merge {budget: 200CNY, owner: alice}", "Budget replaced, owner added."),
            Example("[{a: 1} {a: 2}] | merge [{b: x} {b: y}]", "Two rows with a and b."),
            Example("lead list | merge {tier: gold}", "A record merged into every row.", setup: "lead add Acme"),
        ])) { invocation, context in
        let input = try context.interpreter.materialize(invocation.input, at: context.node)
        let other = try context.interpreter.materialize(invocation.arguments["value"] ?? .null, at: context.node)
        if case .record(let record) = input {
            guard case .record(let extra) = other else {
                throw CommandError("merge into a record needs a record, got \(Operators.describe(other))", argument: "value")
            }
            return .record(merged(record, extra))
        }
        guard input == .null || input.rows != nil else {
            throw CommandError("merge needs a record or a table as input, got \(Operators.describe(input))")
        }
        let rows = input.rows ?? []
        let merged: [Record]
        switch other {
        case .record(let extra): merged = rows.map { Self.merged($0, extra) }
        case let value where value.rows != nil:
            let extras = value.rows ?? []
            // Row by row; the longer side's remaining rows are kept as they are.
            merged = (0..<max(rows.count, extras.count)).map { index in
                Self.merged(index < rows.count ? rows[index] : Record(), index < extras.count ? extras[index] : Record())
            }
        default:
            throw CommandError("merge into a table needs a record or a table, got \(Operators.describe(other))", argument: "value")
        }
        return .table(Table(rows: merged))
    }

    static func merged(_ record: Record, _ extra: Record) -> Record {
        var result = record
        for field in extra.fields { result[field.name] = field.value }
        return result
    }
}
