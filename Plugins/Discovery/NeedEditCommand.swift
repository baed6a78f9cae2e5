import FunnelModel
import StageKit
import StageSupport

/// `need edit N-N`: corrects a need's description, kind or priority.
enum NeedEditCommand {
    static let command = Command(CommandSignature(
        "need edit",
        summary: "Change a need's description, kind or priority.",
        positionals: [Positional("need", .id(.need), "The need, e.g. N-1.")],
        flags: [Flag("description", .string, "What the need is."),
                Flag("kind", .choice(["pain", "expectation", "requirement"]), "What sort of need."),
                Flag("priority", .choice(["low", "medium", "high", "critical"]), "How much it matters.")],
        output: .nothing, impact: .low,
        examples: [Example("need edit N-1 --priority critical", "It matters more than we thought.",
                           setup: "lead add Acme; lead qualify L-1 --force; need add D-1 reporting")])) { invocation, context in
        guard let id = invocation.id("need") else { throw CommandError("need edit needs a need id", argument: "need") }
        let need = try NeedRecords.require(id, context)
        var assignments: [(String, SQLValue)] = [], changes: [(String, Value)] = []
        if let description = invocation.string("description")?.trimmingSpaces {
            guard !description.isEmpty else { throw CommandError("describe the need", argument: "description") }
            assignments.append(("description", .text(description)))
            changes.append(("description", .string(description)))
        }
        for flag in ["kind", "priority"] {
            if let value = invocation.string(flag) {
                assignments.append((flag, .text(value)))
                changes.append((flag, .string(value)))
            }
        }
        let summary = EditReport.summary(changes)
        guard EditReport.proceeds("\(id)", summary: summary, dryRun: invocation.isDryRun, output: context.output) else { return .null }
        try context.database.execute("UPDATE needs SET " + assignments.map { "\($0.0) = ?" }.joined(separator: ", ") + " WHERE id = ?",
                                     assignments.map(\.1) + [.integer(id.number)])
        try context.journal("need.edited", subject: need.deal, details: Record([("need", .id(id))] + changes))
        EditReport.done("\(id)", summary: summary, output: context.output)
        return .null
    }
}
