import FunnelModel
import StageKit

/// `lead add NAME [--budget ...]`: records a new lead and journals it.
enum LeadAddCommand {
    static let command = Command(CommandSignature(
        "lead add",
        summary: "Add a lead by hand.",
        positionals: [Positional("name", .string, "The lead's name: a person or a company.")],
        flags: LeadFields.flags,
        output: .nothing, impact: .low,
        examples: [
            Example("lead add \"杭州 客户\" --budget 50000 --authority yes --need 3 --timeline 30",
                    "A lead with everything BANT screening needs."),
            Example("lead add Acme --email buyer@acme.example --source \"trade show\" --dry-run",
                    "Show the lead that would be added, without adding it."),
        ])) { invocation, context in
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
        context.output.line("\(stored.id) added: \(stored.name)")
        for match in duplicates {
            context.output.line("  possible duplicate of \(match.id) \(match.name) (\(match.reason)); see lead dupes, lead merge")
        }
        return .null
    }
}
