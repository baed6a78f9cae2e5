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
        output: .nothing, impact: .low,
        examples: [Example("need add D-1 \"ERP integration\" --priority high", "A high-priority requirement.",
                           setup: "lead add Acme; lead qualify L-1 --force")])) { invocation, context in
        guard let deal = invocation.id("deal") else { throw CommandError("need add needs a deal", argument: "deal") }
        _ = try DealRecords.require(deal, context)
        let description = (invocation.string("description") ?? "").trimmingSpaces
        guard !description.isEmpty else { throw CommandError("describe the need", argument: "description") }
        let kind = invocation.string("kind") ?? "requirement", priority = invocation.string("priority") ?? "medium"
        if invocation.isDryRun {
            context.output.line("would record a \(priority) \(kind) on \(deal): \(description)")
            return .null
        }
        try context.database.execute("INSERT INTO needs (deal_id, kind, description, priority) VALUES (?, ?, ?, ?)",
                                     [.integer(deal.number), .text(kind), .text(description), .text(priority)])
        let id = EntityID(.need, context.database.lastInsertedRowID)
        try context.journal("need.added", subject: deal, details: Record([
            ("need", .id(id)), ("kind", .string(kind)), ("description", .string(description)), ("priority", .string(priority)),
        ]))
        context.output.line("\(id) recorded on \(deal): \(description) (\(priority))")
        return .null
    }
}

/// `need list [D-N]`: needs, most important first.
enum NeedListCommand {
    static let command = Command(CommandSignature(
        "need list",
        summary: "List needs, most important first, for one deal or all.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's needs.", optional: true)],
        examples: [Example("need list D-1", "One deal's needs.",
                           setup: "lead add Acme; lead qualify L-1 --force; need add D-1 reporting")]), catalog: true) { invocation, _ in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        return .relation(Relation(source: "needs", columns: [
            .init("id", .id(.need, "id")), .init("deal", .id(.deal, "deal_id")), .init("kind", .text("kind")),
            .init("description", .text("description")), .init("priority", .text("priority")),
        ], conditions: conditions,
           order: "CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, id"))
    }
}
