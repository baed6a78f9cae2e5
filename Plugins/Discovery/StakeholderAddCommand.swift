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
                           setup: "lead add Acme; lead qualify L-1 --force")]).creating()) { invocation, context in
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
        if !invocation.isValueUsed { context.output.line("\(name) added to \(deal)" + (invocation.flag("decides") ? " as decision maker" : "")) }
        return .record(Record([("deal", .id(deal)), ("name", .string(name)), ("role", invocation.string("role").map(Value.string) ?? .null),
                               ("decides", .bool(invocation.flag("decides")))]))
    }
}
