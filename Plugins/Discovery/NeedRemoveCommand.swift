import FunnelModel
import StageKit

/// `need rm N-N`: removes a need recorded by mistake; the journal keeps what it was.
enum NeedRemoveCommand {
    static let command = Command(CommandSignature(
        "need rm",
        summary: "Remove a need recorded by mistake (the journal keeps what it was).",
        positionals: [Positional("need", .id(.need), "The need, e.g. N-1.")],
        output: .nothing, impact: .high,
        examples: [Example("need rm N-1 --dry-run", "What removing it would do.",
                           setup: "lead add Acme; lead qualify L-1 --force; need add D-1 reporting")])) { invocation, context in
        guard let id = invocation.id("need") else { throw CommandError("need rm needs a need id", argument: "need") }
        let need = try NeedRecords.require(id, context)
        if invocation.isDryRun {
            context.output.line("would remove \(id) from \(need.deal): \(need.description)")
            return .null
        }
        try context.database.execute("DELETE FROM needs WHERE id = ?", [.integer(id.number)])
        try context.journal("need.removed", subject: need.deal, details: Record([("need", .id(id)), ("description", .string(need.description))]))
        context.output.line("\(id) removed from \(need.deal): \(need.description)")
        return .null
    }
}
