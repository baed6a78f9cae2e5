#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// `explain`: how the input would be read: the SQL for stored rows not read yet, or "in memory".
enum ExplainCommand {
    static let command = EngineCommand(CommandSignature(
        "explain",
        summary: "Show how the input would be read: the SQL for stored rows, or that it is already in memory.",
        input: .any, output: .any,
        examples: [Example("lead list | where budget > 1000 | sort-by name | first 5 | explain",
                           "The one SQL query behind a pipeline.")])) { invocation, _ in
        guard case .relation(let relation) = invocation.input else {
            return .record(Record([("reads", .string("in memory")), ("type", .string(invocation.input.typeName))]))
        }
        let (sql, arguments) = relation.selectSQL
        return .record(Record([("reads", .string("sql")), ("sql", .string(sql)),
                               ("arguments", .list(arguments.map { argument -> Value in
                                   switch argument {
                                   case .null: return .null
                                   case .integer(let i): return .int(i)
                                   case .real(let d): return .string(String(d))
                                   case .text(let t): return .string(t)
                                   }
                               }))]))
    }
}
