#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `describe`: the type of the input as text (`int`, `money (CNY)`, `list<int>`, `record<name: string>`).
enum DescribeCommand {
    static let command = EngineCommand(CommandSignature(
        "describe",
        summary: "The type of the input as text: int, money (CNY), list<int>, table<id: id, name: string>, ...",
        input: .any, output: .any,
        examples: [
            Example("100CNY | describe", "money (CNY)."),
            Example("[1 2 3] | describe", "list<int>."),
            Example("{name: Acme, budget: 5} | describe", "record<name: string, budget: int>."),
            Example("lead list | select id name budget | describe", "table<id: id (lead), name: string, budget: money>, without reading a lead."),
        ])) { invocation, _ in
        .string(describe(invocation.input))
    }

    /// The type of a value; a list's items of one type show it, mixed ones show `any`.
    static func describe(_ value: Value) -> String {
        switch value {
        case .list(let items):
            let kinds = Set(items.map(describe))
            return "list<" + (kinds.count == 1 ? kinds.first ?? "any" : "any") + ">"
        case .record(let record):
            return "record<" + record.fields.map { "\($0.name): \(describe($0.value))" }.joined(separator: ", ") + ">"
        case .table(let table):
            return "table<" + table.columns.map { column in
                var kinds = Set(table.rows.compactMap { $0[column] }.filter { $0 != .null }.map(describe))
                // Amounts in several currencies are still money (as a stored column says).
                if kinds.count > 1, kinds.allSatisfy({ $0.hasPrefix("money (") }) { kinds = ["money"] }
                return "\(column): " + (kinds.count == 1 ? kinds.first ?? "any" : kinds.isEmpty ? "nothing" : "any")
            }.joined(separator: ", ") + ">"
        case .relation(let relation):
            // Stored rows not read yet: each column's type from the relation, no row read.
            return "table<" + relation.visibleColumns.map { name in
                "\(name): " + (relation.column(named: name).map { describe($0.kind) } ?? "any")
            }.joined(separator: ", ") + ">"
        case .id(let id): return "id (\(id.kind.noun))"
        default: return Operators.describe(value)
        }
    }

    /// The type of a stored column: money without its currency, which each row holds.
    private static func describe(_ kind: Relation.ColumnKind) -> String {
        switch kind {
        case .integer: return "int"
        case .text: return "string"
        case .bool: return "bool"
        case .money: return "money"
        case .date: return "date"
        case .id(let entity, _): return "id (\(entity.noun))"
        case .decimal: return "decimal"
        }
    }
}
