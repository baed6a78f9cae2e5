import FunnelModel
import StageKit

/// `lead add NAME [--budget ...]`: records a new lead, journals it and returns it.
enum LeadAddCommand {
    static let command = Command(CommandSignature(
        "lead add",
        summary: "Add a lead by hand.",
        positionals: [Positional("name", .string, "The lead's name: a person or a company.")],
        flags: LeadFields.flags,
        impact: .low,
        examples: [
            Example("lead add \"杭州 客户\" --budget 50000 --authority yes --need 3 --timeline 30",
                    "A lead with everything BANT screening needs."),
            Example("lead add Acme --email buyer@acme.example --source \"trade show\" --dry-run",
                    "Show the lead that would be added, without adding it."),
            Example("let lead = (lead add Acme); lead show $lead.id", "The new lead, held in a variable."),
        ]).creating()) { invocation, context in
        let name = (invocation.string("name") ?? "").trimmingSpaces
        guard !name.isEmpty else { throw CommandError("a lead needs a name", argument: "name") }
        var lead = Lead(id: EntityID(.lead, 0), name: name, createdAt: context.clock.now)
        _ = try LeadFields.apply(invocation, to: &lead)
        if invocation.isDryRun {
            context.output.line("would add lead \"\(name)\"")
            return .null
        }
        var duplicates: [DuplicateFinder.Match] = []
        let stored = try CapturedLead.record(lead, in: context) { stored in
            duplicates = try DuplicateFinder.matches(for: stored, in: context.database)
            return duplicates.isEmpty ? [] : [("possible_duplicates", .list(duplicates.map { .id($0.id) }))]
        }
        // Said when the value is not used; the duplicates are worth a warning either way.
        if !invocation.isValueUsed { context.output.line("\(stored.id) added: \(stored.name)") }
        for match in duplicates {
            let text = "possible duplicate of \(match.id) \(match.name) (\(match.reason)); see lead dupes, lead merge"
            if invocation.isValueUsed { context.output.note("\(stored.id): " + text) } else { context.output.line("  " + text) }
        }
        return .record(LeadTable.record(of: stored))
    }
}
