import FunnelModel
import StageKit
import StageSupport

/// `lead edit L-N --field value ...`: changes fields of a lead and journals old and new values.
enum LeadEditCommand {
    static let command = Command(CommandSignature(
        "lead edit",
        summary: "Change fields of a lead.",
        positionals: [Positional("id", .id(.lead), "The lead to change, e.g. L-1.")],
        flags: [Flag("name", .string, "A new name.")] + LeadFields.flags
            + [Flag("set", .string, "A custom field's value, field=value (empty clears it); repeatable.", repeatable: true)],
        output: .nothing, impact: .low,
        examples: [Example("lead edit L-1 --budget 80000 --owner alice", "Raise the budget and assign an owner.",
                           setup: "lead add Acme"),
                   Example("lead edit L-1 --set employees=80", "Set a custom field.",
                           setup: "lead add Acme; field add lead employees int")]), catalog: true) { invocation, context in
        guard let id = invocation.id("id") else { throw CommandError("lead edit needs a lead id", argument: "id") }
        let before = try LeadTable.require(id, in: context.database, argument: "id")
        var after = before
        var changed: [String] = []
        if let name = invocation.string("name")?.trimmingSpaces {
            guard !name.isEmpty else { throw CommandError("a lead needs a name", argument: "name") }
            if name != before.name { after.name = name; changed.append("name") }
        }
        changed += try LeadFields.apply(invocation, to: &after)
        var old = LeadTable.record(of: before), new = LeadTable.record(of: after)
        // Custom fields, each value checked against the field's type before anything is written.
        let customChanges = try CustomFields.assign(invocation.list("set").map(\.plainText), to: .lead, record: id.number,
                                                    write: !invocation.isDryRun, in: context.database)
        for (field, from, to) in customChanges { old[field] = from; new[field] = to; changed.append(field) }
        let details = Record(changed.map { field in
            (field, Value.record(Record([("from", old[field] ?? .null), ("to", new[field] ?? .null)])))
        })
        let summary = changed.map { "\($0): \((old[$0] ?? .null).plainText) → \((new[$0] ?? .null).plainText)" }
            .joined(separator: ", ")
        guard EditReport.proceeds("\(id)", summary: summary, dryRun: invocation.isDryRun, output: context.output) else { return .null }
        try LeadTable.update(after, in: context.database)
        try context.journal("lead.edited", subject: id, details: details)
        EditReport.done("\(id)", summary: summary, output: context.output)
        return .null
    }
}
