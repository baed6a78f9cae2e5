import FunnelModel
import StageKit
import StageSupport

/// `invoice edit I-N --set field=value`: sets (or, with an empty value, clears) custom fields of an
/// invoice (`field add invoice region string`), each value checked against its field's type; a money
/// value naming no currency is in the invoice's. Journaled as `invoice.edited`.
enum InvoiceEditCommand {
    static let command = Command(CommandSignature(
        "invoice edit",
        summary: "Set an invoice's custom fields.",
        positionals: [Positional("invoice", .id(.invoice), "The invoice, e.g. I-1.")],
        flags: [Flag("set", .string, "A custom field's value, field=value (empty clears it); repeatable.", repeatable: true)],
        output: .nothing, impact: .low,
        examples: [Example("invoice edit I-1 --set region=North", "Set a custom field.",
                           setup: "[{number: '00017', customer: Acme, amount: 5000, issued: 2025-01-02, due: 2025-02-01}] | save invoices.csv --force; "
                               + "invoice import invoices.csv --yes; field add invoice region string")]), catalog: true) { invocation, context in
        guard let id = invocation.id("invoice") else { throw CommandError("invoice edit needs an invoice id", argument: "invoice") }
        let invoice = try InvoiceState.require(id, context)
        let assignments = invocation.list("set").map(\.plainText)
        guard !assignments.isEmpty else { throw CommandError("say what to change: --set field=value", argument: "set") }
        let changes = try CustomFields.assign(assignments, to: .invoice, record: id.number, currency: invoice.amount.currency,
                                              write: !invocation.isDryRun, in: context.database).map { field, _, to in (field, to) }
        let summary = EditReport.summary(changes)
        guard EditReport.proceeds("\(id)", summary: summary, dryRun: invocation.isDryRun, output: context.output) else { return .null }
        try context.journal("invoice.edited", subject: id, details: Record(changes))
        EditReport.done("\(id)", summary: summary, output: context.output)
        return .null
    }
}
