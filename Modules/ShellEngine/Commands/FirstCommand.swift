#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `first [N]`: the first item (no N), or the first N rows or items as a table or list (with N).
enum FirstCommand {
    static let command = EngineCommand(CommandSignature(
        "first",
        summary: "The first item; with N, the first N rows or items (always a table or list).",
        positionals: [Positional("count", .int, "How many to keep; without it, the first item itself (null when there is none).",
                                 optional: true)],
        input: .any, output: .any,
        examples: [Example("lead list | first 2", "The two oldest leads.", setup: "lead add Acme; lead add Beta; lead add Gamma"),
                   Example("lead list | first", "The oldest lead, as a record.", setup: "lead add Acme"),
                   Example("[5 6 7] | first", "The first item.")])) { invocation, context in
        guard let count = invocation.int("count") else {
            return try Slicing.item(invocation.input, fromEnd: false, context: context)
        }
        guard count >= 0 else { throw CommandError("first needs a count of 0 or more", argument: "count") }
        return try Slicing.slice(invocation.input, skip: 0, take: count, context: context)
    }
}

/// `last [N]`: the last item (no N), or the last N rows or items as a table or list (with N).
enum LastCommand {
    static let command = EngineCommand(CommandSignature(
        "last",
        summary: "The last item; with N, the last N rows or items (always a table or list).",
        positionals: [Positional("count", .int, "How many to keep; without it, the last item itself (null when there is none).",
                                 optional: true)],
        input: .any, output: .any,
        examples: [Example("[5 6 7] | last 2", "The last two items."),
                   Example("[5 6 7] | last", "The last item.")])) { invocation, context in
        guard let count = invocation.int("count") else {
            return try Slicing.item(invocation.input, fromEnd: true, context: context)
        }
        guard count >= 0 else { throw CommandError("last needs a count of 0 or more", argument: "count") }
        let input = try context.interpreter.materialize(invocation.input, at: context.node)
        let total = Int64(try context.items(input, for: "last").count)
        return try Slicing.slice(input, skip: max(0, total - count), take: count, context: context)
    }
}

/// `skip N`: drops the first N rows or items.
enum SkipCommand {
    static let command = EngineCommand(CommandSignature(
        "skip",
        summary: "Drop the first N rows or items.",
        positionals: [Positional("count", .int, "How many to drop.")],
        input: .any, output: .any,
        examples: [Example("[5 6 7] | skip 1", "All but the first item.")])) { invocation, context in
        let count = invocation.int("count") ?? 0
        guard count >= 0 else { throw CommandError("skip needs a count of 0 or more", argument: "count") }
        return try Slicing.slice(invocation.input, skip: count, take: nil, context: context)
    }
}

/// Cutting rows out of tables, lists and relations (as LIMIT/OFFSET on a relation). A count always
/// gives a table or list, wherever the rows come from; `item` gives one item.
enum Slicing {
    static func slice(_ input: Value, skip: Int64, take: Int64?, context: CallContext) throws -> Value {
        switch input {
        case .relation(var relation):
            let offset = (relation.offset ?? 0) + skip
            var limit = relation.limit.map { max(0, $0 - skip) }
            if let take { limit = min(limit ?? take, take) }
            relation.offset = offset == 0 ? nil : offset
            relation.limit = limit
            return .relation(relation)
        case .table(let table):
            return .table(Table(columns: table.columns, rows: cut(table.rows, skip, take)))
        default:
            return .list(cut(try context.items(input, for: context.node.name), skip, take))
        }
    }

    /// The first or last item — a row as a record — or null when there is none. On stored rows
    /// only that row is read (LIMIT 1).
    static func item(_ input: Value, fromEnd: Bool, context: CallContext) throws -> Value {
        var input = input
        if case .relation(let relation) = input, !fromEnd {
            input = try slice(.relation(relation), skip: 0, take: 1, context: context)
        }
        let items = try context.items(input, for: context.node.name)
        return (fromEnd ? items.last : items.first) ?? .null
    }

    private static func cut<T>(_ items: [T], _ skip: Int64, _ take: Int64?) -> [T] {
        let start = Int(min(Int64(items.count), skip))
        let end = take.map { Int(min(Int64(items.count), Int64(start) + $0)) } ?? items.count
        return Array(items[start..<max(start, end)])
    }
}
