import FunnelModel
import StageKit

/// `deal assign D-N OWNER`: gives a deal to an owner. On a shared PostgreSQL database only a manager
/// reassigns deals (row-level security: a member sees and changes their own).
enum DealAssignCommand {
    static let command = Command(CommandSignature(
        "deal assign",
        summary: "Give a deal to an owner (on a shared database, a manager's act).",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1."),
                      Positional("owner", .string, "Who owns it from now on.")],
        output: .nothing, impact: .low,
        examples: [Example("deal assign D-1 bob", "Bob owns the deal now.", setup: "lead add Acme; lead qualify L-1 --force")]),
                                 catalog: true) { invocation, context in
        guard let id = invocation.id("deal") else { throw CommandError("deal assign needs a deal id", argument: "deal") }
        let row = try DealRecords.require(id, context)
        guard let owner = invocation.string("owner")?.trimmingSpaces, !owner.isEmpty else {
            throw CommandError("deal assign needs an owner", argument: "owner")
        }
        let before = row.text("owner")
        if before == owner {
            context.output.line("\(id) is already \(owner)'s")
            return .null
        }
        if invocation.isDryRun {
            context.output.line("would assign \(id) to \(owner)" + (before.map { " (now \($0)'s)" } ?? ""))
            return .null
        }
        try OwnerChange.write("UPDATE deals SET owner = ? WHERE id = ?", [.text(owner), .integer(id.number)], record: id, in: context)
        try context.journal("deal.assigned", subject: id, details: Record([("from", before.map(Value.string) ?? .null), ("to", .string(owner))]))
        context.output.line("\(id) assigned to \(owner)")
        return .null
    }
}
