import FunnelModel
import StageKit

/// `lead rm L-N` (or a table of leads piped in): deletes leads, journaling what each held.
enum LeadRemoveCommand {
    static let command = Command(CommandSignature(
        "lead rm",
        summary: "Delete leads, given by id or piped in as a table.",
        positionals: [Positional("id", .id(.lead), "The lead to delete, e.g. L-1.", optional: true)],
        input: .table, output: .nothing, impact: .high,
        examples: [
            Example("lead rm L-1 --dry-run", "Show what deleting L-1 would remove.", setup: "lead add Acme"),
            Example("lead list | where name =~ test | lead rm", "Delete every test lead.", setup: "lead add test-1"),
        ]), catalog: true) { invocation, context in
        let ids = try invocation.ids("id", of: .lead, command: "lead rm", in: context.database).map { EntityID(.lead, $0) }
        guard !ids.isEmpty else { throw CommandError("lead rm needs a lead id or leads piped in", argument: "id") }
        // Every lead is checked before any is deleted, so a refusal prints no deletion that did not happen.
        var leads: [Lead] = []
        for id in ids {
            try context.checkCancelled()
            leads.append(try LeadTable.require(id, in: context.database, argument: "id"))
            if let became = try LeadTable.conversion(of: id, in: context.database) {
                throw CommandError("\(id) was converted (\(became)) and is kept: they refer to it", argument: "id",
                                   hint: "its history goes on in its deal; leave it out with: where status != converted")
            }
        }
        for lead in leads {
            try context.checkCancelled()
            let id = lead.id
            if invocation.isDryRun {
                context.output.line("would delete \(id): \(lead.name)")
                continue
            }
            try LeadTable.delete(id, in: context.database)
            var details = LeadTable.record(of: lead)
            details["id"] = nil
            try context.journal("lead.removed", subject: id, details: details)
            context.output.line("\(id) deleted: \(lead.name)")
        }
        return .null
    }
}
