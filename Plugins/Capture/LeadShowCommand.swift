import FunnelModel
import StageKit

/// `lead show L-N`: one lead, every field.
enum LeadShowCommand {
    static let command = Command(CommandSignature(
        "lead show",
        summary: "Show every field of one lead.",
        positionals: [Positional("id", .id(.lead), "The lead, e.g. L-1.")],
        output: .any,
        examples: [Example("lead show L-1", "The first lead.", setup: "lead add Acme")]), catalog: true) { invocation, context in
        guard let id = invocation.id("id") else { throw CommandError("lead show needs a lead id", argument: "id") }
        var record = LeadTable.record(of: try LeadTable.require(id, in: context.database, argument: "id"))
        for (name, value) in try CustomFields.values(of: .lead, record: id.number, in: context.database) { record[name] = value }
        return .record(record)
    }
}
