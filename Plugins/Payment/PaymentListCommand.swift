#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `payment list [--customer C-N] [--invoice I-N] [--since DAY] [--until DAY]`: every payment recorded
/// (by `payment add`, `payment import`, or an `invoice import` with a settled date), with its invoice,
/// the invoice's customer and how many whole days after the due date it came. Stored rows, so
/// filters, sorts, counts, joins and related fields (`invoice.customer.name`) run as SQL; custom fields
/// of payments (`field add payment channel string`) come after the built-in columns.
enum PaymentListCommand {
    static let command = Command(CommandSignature(
        "payment list",
        summary: "List payments with their invoice, customer, amount, paid date and days late.",
        flags: [Flag("customer", .id(.customer), "Only payments of this customer's invoices."),
                Flag("invoice", .id(.invoice), "Only payments of this invoice."),
                Flag("since", .date, "Only payments made on or after this day."),
                Flag("until", .date, "Only payments made on or before this day.")],
        examples: [Example("payment list --since 2026-01-01", "What came in this year."),
                   Example("payment list | where days_late > 0 | select invoice invoice.customer.name amount days_late",
                           "Who paid late, by name.")])
            .showing(["id", "invoice", "number", "customer", "amount", "paid", "method", "days_late"]), catalog: true) { invocation, context in
        var conditions: [Relation.Fragment] = []
        if let customer = invocation.id("customer") { conditions.append(.init("customer_id = ?", [.integer(customer.number)])) }
        if let invoice = invocation.id("invoice") { conditions.append(.init("invoice_id = ?", [.integer(invoice.number)])) }
        var since: Date?
        if case .date(let day)? = invocation["since"] {
            since = day
            conditions.append(.init("paid_on >= ?", [.text(Day.formatTimestamp(day))]))
        }
        if case .date(let day)? = invocation["until"] {
            if let since, day < since {
                throw CommandError("--until \(Day.format(day)) is before --since \(Day.format(since))", argument: "until")
            }
            conditions.append(.init("paid_on < ?", [.text(Day.formatTimestamp(day.addingTimeInterval(86_400)))]))
        }
        return .relation(try CustomFields.extend(relation(conditions: conditions, dialect: context.database.dialect), entity: .payment, in: context.database))
    }

    /// Every payment with its invoice's number, customer and due date: `days_late` counts whole days
    /// from the due date to the payment, as `report receivables` does (0 when paid on time).
    static func relation(conditions: [Relation.Fragment] = [], dialect: SQLDialect) -> Relation {
        let late = "(\(dialect.epochSeconds("p.paid_on")) - \(dialect.epochSeconds("i.due_on"))) / 86400"
        let source = """
            (SELECT p.id AS id, p.invoice_id AS invoice_id, i.number AS number, i.customer_id AS customer_id,
                    p.amount_minor AS amount_minor, p.currency AS currency, p.paid_on AS paid_on, p.method AS method,
                    p.reference AS reference, CASE WHEN \(late) > 0 THEN \(late) ELSE 0 END AS days_late
             FROM payments p JOIN invoices i ON i.id = p.invoice_id) AS payments
            """
        return Relation(source: source, columns: [
            .init("id", .integer("id")), .init("invoice", .id(.invoice, "invoice_id")), .init("number", .text("number")),
            .init("customer", .id(.customer, "customer_id")), .init("amount", .money(minor: "amount_minor", currency: "currency")),
            .init("paid", .date("paid_on")), .init("method", .text("method")), .init("reference", .text("reference")),
            .init("days_late", .integer("days_late")),
        ], conditions: conditions, order: "paid_on, id")
    }
}
