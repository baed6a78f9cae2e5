#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `append VALUE`: the input list or table with the value after it; a list (or table) is added item
/// by item, anything else as one item.
enum AppendCommand {
    static let command = EngineCommand(CommandSignature(
        "append",
        summary: "Add items after the input's: a list or table item by item, any other value as one item.",
        positionals: [Positional("value", .word, "What to add: a value, a list or a table.")],
        input: .any, output: .any,
        examples: [
            Example("[1 2] | append 3", "[1, 2, 3]."),
            Example("[1 2] | append [3 4]", "[1, 2, 3, 4]."),
            Example("[{name: Acme}] | append {name: Beta}", "A table of two rows."),
        ])) { invocation, context in
        let input = try context.interpreter.materialize(invocation.input, at: context.node)
        let added = try context.interpreter.materialize(invocation.arguments["value"] ?? .null, at: context.node)
        let items = try context.items(input, for: "append") + (added.isListLike ? try context.items(added, for: "append") : [added])
        if case .table(let table) = input, let rows = Value.list(items).rows {
            let more = Table(rows: rows).columns.filter { !table.columns.contains($0) }
            return .table(Table(columns: table.columns + more, rows: rows))
        }
        if items.contains(where: { if case .record = $0 { false } else { true } }) || items.isEmpty { return .list(items) }
        return .table(Table(rows: Value.list(items).rows ?? []))
    }
}

extension Value {
    /// A list, range or table: a value whose items `append` and `for` take one by one.
    var isListLike: Bool {
        switch self {
        case .list, .range, .table, .relation: return true
        default: return false
        }
    }
}
