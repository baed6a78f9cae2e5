import FunnelModel
import StageKit

/// `stakeholder add D-N NAME`: a person involved in the decision, with their role.
enum StakeholderAddCommand {
    static let command = Command(CommandSignature(
        "stakeholder add",
        summary: "Record a person involved in a deal's decision, with their role.",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1."), Positional("name", .string, "The person.")],
        flags: [Flag("role", .string, "Their role, e.g. CTO or purchasing."), Flag("decides", .bool, "They make the decision.")],
        output: .nothing, impact: .low,
        examples: [Example("stakeholder add D-1 王伟 --role CTO --decides", "The decision maker.",
                           setup: "lead add Acme; lead qualify L-1 --force")])) { invocation, context in
        guard let deal = invocation.id("deal") else { throw CommandError("stakeholder add needs a deal", argument: "deal") }
        _ = try DealRecords.require(deal, context)
        let name = (invocation.string("name") ?? "").trimmingSpaces
        guard !name.isEmpty else { throw CommandError("a stakeholder needs a name", argument: "name") }
        if invocation.isDryRun {
            context.output.line("would add \(name) to \(deal)")
            return .null
        }
        try context.database.execute("INSERT INTO stakeholders (deal_id, name, role, decides) VALUES (?, ?, ?, ?)",
                                     [.integer(deal.number), .text(name), invocation.string("role").map { .text($0) } ?? .null,
                                      .integer(invocation.flag("decides") ? 1 : 0)])
        try context.journal("stakeholder.added", subject: deal, details: Record([
            ("name", .string(name)), ("role", invocation.string("role").map(Value.string) ?? .null),
            ("decides", .bool(invocation.flag("decides"))),
        ]))
        context.output.line("\(name) added to \(deal)" + (invocation.flag("decides") ? " as decision maker" : ""))
        return .null
    }
}

/// `competitor add D-N NAME`: a competitor in play on a deal.
enum CompetitorAddCommand {
    static let command = Command(CommandSignature(
        "competitor add",
        summary: "Record a competitor in play on a deal.",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1."), Positional("name", .string, "The competitor.")],
        flags: [Flag("notes", .string, "What we know of their offer.")],
        output: .nothing, impact: .low,
        examples: [Example("competitor add D-1 Kingdee --notes \"cheaper, weaker reporting\"", "A competitor.",
                           setup: "lead add Acme; lead qualify L-1 --force")])) { invocation, context in
        guard let deal = invocation.id("deal") else { throw CommandError("competitor add needs a deal", argument: "deal") }
        _ = try DealRecords.require(deal, context)
        let name = (invocation.string("name") ?? "").trimmingSpaces
        guard !name.isEmpty else { throw CommandError("a competitor needs a name", argument: "name") }
        if invocation.isDryRun {
            context.output.line("would add competitor \(name) to \(deal)")
            return .null
        }
        try context.database.execute("INSERT INTO competitors (deal_id, name, notes) VALUES (?, ?, ?)",
                                     [.integer(deal.number), .text(name), invocation.string("notes").map { .text($0) } ?? .null])
        try context.journal("competitor.added", subject: deal, details: Record([("name", .string(name))]))
        context.output.line("competitor \(name) added to \(deal)")
        return .null
    }
}

/// `stakeholder list [D-N]`: the people in a deal's decision, decision makers first.
enum StakeholderListCommand {
    static let command = Command(CommandSignature(
        "stakeholder list",
        summary: "List the people involved in deals' decisions, decision makers first, for one deal or all.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's stakeholders.", optional: true)],
        examples: [Example("stakeholder list D-1", "Who decides on a deal.",
                           setup: "lead add Acme; lead qualify L-1 --force; stakeholder add D-1 王伟 --role CTO --decides")])) { invocation, _ in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        return .relation(Relation(source: "stakeholders", columns: [
            .init("deal", .id(.deal, "deal_id")), .init("name", .text("name")), .init("role", .text("role")),
            .init("decides", .bool("decides")),
        ], conditions: conditions, order: "deal_id, decides DESC, id"))
    }
}

/// `competitor list [D-N]`: the competitors in play.
enum CompetitorListCommand {
    static let command = Command(CommandSignature(
        "competitor list",
        summary: "List the competitors in play, for one deal or all.",
        positionals: [Positional("deal", .id(.deal), "Only this deal's competitors.", optional: true)],
        examples: [Example("competitor list | group-by name", "Whom we meet most.",
                           setup: "lead add Acme; lead qualify L-1 --force; competitor add D-1 Kingdee")])) { invocation, _ in
        var conditions: [Relation.Fragment] = []
        if let deal = invocation.id("deal") { conditions.append(.init("deal_id = ?", [.integer(deal.number)])) }
        return .relation(Relation(source: "competitors", columns: [
            .init("deal", .id(.deal, "deal_id")), .init("name", .text("name")), .init("notes", .text("notes")),
        ], conditions: conditions, order: "deal_id, id"))
    }
}
