import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// `first [N]`: the first N rows or items (one when N is not given).
enum FirstCommand {
    static let command = EngineCommand(CommandSignature(
        "first",
        summary: "Keep the first N rows or items (1 when N is not given).",
        positionals: [Positional("count", .int, "How many to keep.", optional: true)],
        input: .any, output: .any,
        examples: [Example("lead list | first 2", "The two oldest leads.", setup: "lead add Acme; lead add Beta; lead add Gamma"),
                   Example("[5 6 7] | first", "The first item.")])) { invocation, context in
        let count = invocation.int("count") ?? 1
        guard count >= 0 else { throw CommandError("first needs a count of 0 or more", argument: "count") }
        return try Slicing.slice(invocation.input, skip: 0, take: count, context: context)
    }
}

/// `last [N]`: the last N rows or items.
enum LastCommand {
    static let command = EngineCommand(CommandSignature(
        "last",
        summary: "Keep the last N rows or items (1 when N is not given).",
        positionals: [Positional("count", .int, "How many to keep.", optional: true)],
        input: .any, output: .any,
        examples: [Example("[5 6 7] | last 2", "The last two items.")])) { invocation, context in
        let count = invocation.int("count") ?? 1
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

/// Cutting rows out of tables, lists and relations (as LIMIT/OFFSET on a relation).
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
            let items = try context.items(input, for: context.node.name)
            let kept = cut(items, skip, take)
            if take == 1, skip == 0, context.node.name == "first", let only = kept.first { return only }
            if take == 1, context.node.name == "last", let only = kept.first { return only }
            return .list(kept)
        }
    }

    private static func cut<T>(_ items: [T], _ skip: Int64, _ take: Int64?) -> [T] {
        let start = Int(min(Int64(items.count), skip))
        let end = take.map { Int(min(Int64(items.count), Int64(start) + $0)) } ?? items.count
        return Array(items[start..<max(start, end)])
    }
}
