import FunnelModel
import StageKit

/// `lead assign L-N OWNER`: gives a lead to an owner. On a shared PostgreSQL database the database
/// decides who may: a member may take an unowned lead or give up their own, a manager reassigns any
/// (row-level security; docs/architecture.md).
enum LeadAssignCommand {
    static let command = Command(CommandSignature(
        "lead assign",
        summary: "Give a lead to an owner (on a shared database, reassigning another's lead is a manager's act).",
        positionals: [Positional("id", .id(.lead), "The lead, e.g. L-1."),
                      Positional("owner", .string, "Who owns it from now on.")],
        output: .nothing, impact: .low,
        examples: [Example("lead assign L-1 alice", "Alice owns the lead now.", setup: "lead add Acme")]), catalog: true) { invocation, context in
        guard let id = invocation.id("id") else { throw CommandError("lead assign needs a lead id", argument: "id") }
        let lead = try LeadTable.require(id, in: context.database, argument: "id")
        guard let owner = invocation.string("owner")?.trimmingSpaces, !owner.isEmpty else {
            throw CommandError("lead assign needs an owner", argument: "owner")
        }
        if lead.owner == owner {
            context.output.line("\(id) is already \(owner)'s")
            return .null
        }
        if invocation.isDryRun {
            context.output.line("would assign \(id) \(lead.name) to \(owner)" + (lead.owner.map { " (now \($0)'s)" } ?? ""))
            return .null
        }
        try OwnerChange.write("UPDATE leads SET owner = ? WHERE id = ?", [.text(owner), .integer(id.number)], record: id, in: context)
        try context.journal("lead.assigned", subject: id, details: Record([("from", lead.owner.map(Value.string) ?? .null), ("to", .string(owner))]))
        context.output.line("\(id) assigned to \(owner)")
        return .null
    }
}
