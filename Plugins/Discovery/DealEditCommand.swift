#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// `deal edit D-N`: title, value, owner, expected close, and whether the budget is confirmed.
enum DealEditCommand {
    static let command = Command(CommandSignature(
        "deal edit",
        summary: "Change a deal's title, value or owner, or record that its budget is confirmed.",
        positionals: [Positional("deal", .id(.deal), "The deal, e.g. D-1.")],
        flags: [Flag("title", .string, "A new title."), Flag("value", .money, "The expected value."),
                Flag("owner", .string, "Who owns the deal."),
                Flag("close-by", .date, "When the deal is expected to close (the forecast groups deals by it)."),
                Flag("budget-confirmed", .choice(["yes", "no"]), "Whether the customer has confirmed the budget."),
                Flag("set", .string, "A custom field's value, field=value (empty clears it); repeatable.", repeatable: true)],
        output: .nothing, impact: .low,
        examples: [Example("deal edit D-1 --budget-confirmed yes --value 120000", "Confirm the budget.",
                           setup: "lead add Acme; lead qualify L-1 --force"),
                   Example("deal edit D-1 --set renewal_date=2027-01-31", "Set a custom field.",
                           setup: "lead add Acme; lead qualify L-1 --force; field add deal renewal_date date")]), catalog: true) { invocation, context in
        guard let id = invocation.id("deal") else { throw CommandError("deal edit needs a deal id", argument: "deal") }
        _ = try DealRecords.require(id, context)
        var changes: [(String, Value)] = []
        if let title = invocation.string("title")?.trimmingSpaces {
            guard !title.isEmpty else { throw CommandError("a deal needs a title", argument: "title") }
            try context.database.execute("UPDATE deals SET title = ? WHERE id = ?", [.text(title), .integer(id.number)])
            changes.append(("title", .string(title)))
        }
        if let value = invocation.money("value") {
            guard value.minorUnits >= 0 else { throw CommandError("a deal's value cannot be negative", argument: "value") }
            try context.database.execute("UPDATE deals SET value_minor = ?, value_currency = ? WHERE id = ?",
                                         [.integer(value.minorUnits), .text(value.currency.code), .integer(id.number)])
            changes.append(("value", .money(value)))
        }
        if let owner = invocation.string("owner") {
            try context.database.execute("UPDATE deals SET owner = ? WHERE id = ?", [.text(owner), .integer(id.number)])
            changes.append(("owner", .string(owner)))
        }
        if case .date(let date)? = invocation["close-by"] {
            try context.database.execute("UPDATE deals SET expected_close = ? WHERE id = ?", [.text(Day.formatTimestamp(date)), .integer(id.number)])
            changes.append(("expected close", .date(date)))
        }
        if let confirmed = invocation.string("budget-confirmed") {
            try BudgetConfirmation.record(confirmed == "yes", of: id, in: context.database)
            changes.append(("budget confirmed", .bool(confirmed == "yes")))
        }
        // Custom fields, each value checked against the field's type.
        for (field, _, to) in try CustomFields.assign(invocation.list("set").map(\.plainText), to: .deal, record: id.number,
                                                      write: !invocation.isDryRun, in: context.database) {
            changes.append((field, to))
        }
        let summary = EditReport.summary(changes)
        guard EditReport.proceeds("\(id)", summary: summary, dryRun: invocation.isDryRun, output: context.output) else { return .null }
        try context.journal("deal.edited", subject: id, details: Record(changes))
        EditReport.done("\(id)", summary: summary, output: context.output)
        return .null
    }
}
