#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `uniq`: drops repeated items or rows, keeping the first.
enum UniqCommand {
    static let command = EngineCommand(CommandSignature(
        "uniq",
        summary: "Drop repeated items or rows, keeping the first of each.",
        input: .any, output: .any,
        examples: [Example("[a b a c b] | uniq", "a, b, c."),
                   Example("lead list | get source | uniq", "Every lead source once.", setup: "lead add A --source web; lead add B --source web")])) { invocation, context in
        let input = try context.interpreter.materialize(invocation.input, at: context.node)
        var seen: [Value] = []
        var kept: [Value] = []
        for item in try context.items(input, for: "uniq") where !seen.contains(item) {
            seen.append(item)
            kept.append(item)
        }
        if case .table(let table) = input {
            return .table(Table(columns: table.columns, rows: kept.compactMap { if case .record(let r) = $0 { return r } else { return nil } }))
        }
        return .list(kept)
    }
}
