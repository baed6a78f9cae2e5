import FunnelModel
import StageKit

/// `need add D-N DESCRIPTION`: a pain point, expectation or requirement, with a priority.
enum NeedAddCommand {
    static let command = Command(CommandSignature(
        "need add",
        summary: "Record a need of a deal: a pain point, an expectation or a requirement, with a priority.",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1."), Positional("description", .string, "The need.")],
        flags: [Flag("kind", .choice(["pain", "expectation", "requirement"]), "What sort of need.", default: .string("requirement")),
                Flag("priority", .choice(["low", "medium", "high", "critical"]), "How much it matters.", default: .string("medium"))],
        impact: .low,
        examples: [Example("need add D-1 \"ERP integration\" --priority high", "A high-priority requirement.",
                           setup: "lead add Acme; lead qualify L-1 --force")]).creating()) { invocation, context in
        guard let deal = invocation.id("deal") else { throw CommandError("need add needs a deal", argument: "deal") }
        _ = try DealRecords.require(deal, context)
        let description = (invocation.string("description") ?? "").trimmingSpaces
        guard !description.isEmpty else { throw CommandError("describe the need", argument: "description") }
        let need = FoundNeed(deal: deal, description: description, kind: invocation.string("kind") ?? "requirement",
                             priority: invocation.string("priority") ?? "medium")
        if invocation.isDryRun {
            try need.check(in: context.database)
            context.output.line("would record a \(need.priority) \(need.kind) on \(deal): \(description)")
            return .null
        }
        let id = try need.record(in: context)
        let priority = need.priority
        if !invocation.isValueUsed { context.output.line("\(id) recorded on \(deal): \(description) (\(priority))") }
        return .record(Record([("id", .id(id)), ("deal", .id(deal)), ("kind", .string(need.kind)), ("description", .string(description)),
                               ("priority", .string(priority))]))
    }
}
