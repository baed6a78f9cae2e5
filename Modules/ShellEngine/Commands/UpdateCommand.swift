#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `update COLUMN VALUE`: changes a column of every row (or a record's field); a closure computes
/// the new value from the row.
enum UpdateCommand {
    static let command = EngineCommand(CommandSignature(
        "update",
        summary: "Change a column of every row, or a field of a record, to a value or a closure's result.",
        positionals: [Positional("column", .string, "The column to change."),
                      Positional("value", .word, "The new value, or a closure { |row| ... } computing it.")],
        input: .any, output: .any,
        examples: [Example("lead list | select name budget | update budget { |row| $row.budget * 2 }", "Double every budget.",
                           setup: "lead add Acme --budget 5000")])) { invocation, context in
        try ColumnEditing.edit(invocation, context: context, inserting: false)
    }
}

/// `insert COLUMN VALUE`: adds a column to every row (or a field to a record).
enum InsertCommand {
    static let command = EngineCommand(CommandSignature(
        "insert",
        summary: "Add a column to every row, or a field to a record, from a value or a closure's result.",
        positionals: [Positional("column", .string, "The column to add."),
                      Positional("value", .word, "Its value, or a closure { |row| ... } computing it.")],
        input: .any, output: .any,
        examples: [Example("lead list | select name | insert checked true", "Add a column.", setup: "lead add Acme")])) { invocation, context in
        try ColumnEditing.edit(invocation, context: context, inserting: true)
    }
}

enum ColumnEditing {
    static func edit(_ invocation: Invocation, context: CallContext, inserting: Bool) throws -> Value {
        let column = invocation.string("column") ?? ""
        let value = invocation["value"] ?? .null
        func apply(_ record: Record) throws -> Record {
            if inserting, record[column] != nil {
                throw CommandError("column \"\(column)\" already exists", argument: "column", hint: "use update to change it")
            }
            if !inserting, record[column] == nil {
                throw CommandError("no column \"\(column)\"", argument: "column", hint: "use insert to add it")
            }
            var changed = record
            if case .closure = value {
                changed[column] = try context.call(value, [.record(record)], input: .record(record))
            } else {
                changed[column] = value
            }
            return changed
        }
        if !inserting, let missing = ColumnCheck.missing([column], in: invocation.input, argument: "column") {
            throw CommandError(missing.message, argument: "column", hint: (missing.hint.map { $0 + "; " } ?? "") + "use insert to add it")
        }
        let input = try context.interpreter.materialize(invocation.input, at: context.node)
        if case .record(let record) = input { return .record(try apply(record)) }
        let rows = try context.rows(input, for: inserting ? "insert" : "update")
        var columns = context.columns(of: input)
        if inserting { columns.append(column) }
        return .table(Table(columns: columns, rows: try rows.map(apply)))
    }
}
