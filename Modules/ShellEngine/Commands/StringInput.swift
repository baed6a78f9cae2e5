#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// What the `str` commands share: they work on text, or on each text of a list (null stays null);
/// given COLUMNS, on those columns of a table or record, leaving the other columns as they are.
enum StringInput {
    /// The trailing positional every `str` command takes, as nushell's `str upcase name`.
    static let columns = Positional("columns", .string, "On a table or record: the columns to change (the others stay as they are).",
                                    optional: true, rest: true)

    static func map(_ invocation: Invocation, _ context: CallContext, _ command: String,
                    _ transform: (String) throws -> Value) throws -> Value {
        let input = try context.interpreter.materialize(invocation.input, at: context.node)
        func one(_ value: Value, _ place: String = "") throws -> Value {
            switch value {
            case .string(let text): return try transform(text)
            case .null: return .null
            case .list(let items) where !place.isEmpty: return .list(try items.map { try one($0, place) })
            default:
                if !place.isEmpty {
                    throw CommandError("\(command) works on text, got \(Operators.describe(value)) in \(place)",
                                       hint: "leave that column out, or turn it into text first with update")
                }
                throw CommandError("\(command) works on text, got \(Operators.describe(value))",
                                   hint: value.isListLike || value.rows != nil ? "name the column: \(command) NAME, or take it first: get NAME | \(command)"
                                       : "turn it into text first, for example with to json")
            }
        }
        let columns = invocation.list("columns").map(\.plainText)
        guard !columns.isEmpty else {
            if case .list(let items) = input { return .list(try items.map { try one($0) }) }
            return try one(input)
        }
        func changed(_ record: Record, row: Int?) throws -> Record {
            var record = record
            for name in columns {
                guard let value = record[name] else { continue }
                record[name] = try one(value, row.map { "column \"\(name)\" of row \($0 + 1)" } ?? "field \"\(name)\"")
            }
            return record
        }
        if let missing = ColumnCheck.missing(columns, in: input, argument: "columns") { throw missing }
        if case .record(let record) = input, let index = columns.firstIndex(where: { record[$0] == nil }) {
            throw CommandError("no field \"\(columns[index])\"", argument: "columns[\(index)]",
                               hint: ColumnCheck.hint(for: columns[index], among: record.names))
        }
        switch input {
        case .record(let record): return .record(try changed(record, row: nil))
        case .table(let table):
            return .table(Table(columns: table.columns, rows: try table.rows.enumerated().map { try changed($1, row: $0) }))
        case .list(let items) where items.allSatisfy({ if case .record = $0 { true } else { false } }):
            return .list(try items.enumerated().map { index, item in
                guard case .record(let record) = item else { return item }
                return .record(try changed(record, row: index))
            })
        default:
            throw CommandError("\(command) \(columns.joined(separator: " ")) names columns, but its input is \(Operators.describe(input)), not a table or record",
                               argument: "columns", hint: "pipe text in without column names: 'Acme' | \(command)")
        }
    }
}
