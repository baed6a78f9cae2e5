import FunnelModel
import StageKit
import StageSupport

/// `customer edit C-N --set field=value`: sets (or, with an empty value, clears) custom fields of a
/// customer (`field add customer segment string`), each value checked against its field's type.
/// Journaled as `customer.edited`.
enum CustomerEditCommand {
    static let command = Command(CommandSignature(
        "customer edit",
        summary: "Set a customer's custom fields.",
        positionals: [Positional("customer", .id(.customer), "The customer, e.g. C-1.")],
        flags: [Flag("set", .string, "A custom field's value, field=value (empty clears it); repeatable.", repeatable: true)],
        output: .nothing, impact: .low,
        examples: [Example("customer edit C-1 --set segment=enterprise", "Set a custom field.",
                           setup: "lead add Acme; lead qualify L-1 --force; field add customer segment string")]), catalog: true) { invocation, context in
        guard let id = invocation.id("customer") else { throw CommandError("customer edit needs a customer id", argument: "customer") }
        guard try !context.database.query("SELECT 1 FROM customers WHERE id = ?", [.integer(id.number)]).isEmpty else {
            throw CommandError.notFound(id, argument: "customer")
        }
        let assignments = invocation.list("set").map(\.plainText)
        guard !assignments.isEmpty else { throw CommandError("say what to change: --set field=value", argument: "set") }
        let changes = try CustomFields.assign(assignments, to: .customer, record: id.number, write: !invocation.isDryRun, in: context.database)
            .map { field, _, to in (field, to) }
        let summary = EditReport.summary(changes)
        guard EditReport.proceeds("\(id)", summary: summary, dryRun: invocation.isDryRun, output: context.output) else { return .null }
        try context.journal("customer.edited", subject: id, details: Record(changes))
        EditReport.done("\(id)", summary: summary, output: context.output)
        return .null
    }
}
