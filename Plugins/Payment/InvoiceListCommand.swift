#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `invoice list [--overdue]`: invoices with what is paid, the balance, days overdue and the highest
/// dunning level each has had (`dunned`, 0 when never reminded: what a dunning verb needs piped in).
/// Stored rows, so filters, sorts, joins and related fields (`customer.name`) run as SQL; custom fields
/// of invoices (`field add invoice region string`) come after the built-in columns.
enum InvoiceListCommand {
    static let command = Command(CommandSignature(
        "invoice list",
        summary: "List invoices with what is paid, the balance and how many days each is overdue.",
        flags: [Flag("overdue", .bool, "Only open invoices past their due date."),
                Flag("customer", .id(.customer), "Only this customer's invoices.")],
        examples: [Example("invoice list --overdue", "What customers owe late."),
                   Example("invoice list --overdue | select id customer.name balance", "Who owes late, by name.")])
            .showing(["id", "number", "customer", "amount", "balance", "due", "days overdue", "status"]), catalog: true) { invocation, context in
        var conditions: [Relation.Fragment] = []
        if let customer = invocation.id("customer") { conditions.append(.init("customer_id = ?", [.integer(customer.number)])) }
        if invocation.flag("overdue") { conditions.append(.init("days_overdue > 0")) }
        return .relation(try CustomFields.extend(relation(at: context.clock.now, conditions: conditions, dialect: context.database.dialect), entity: .invoice, in: context.database))
    }

    /// Every invoice as of `now`: `days overdue` counts whole days past due for open invoices, 0 for others.
    static func relation(at now: Date, conditions: [Relation.Fragment] = [], dialect: SQLDialect) -> Relation {
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let overdue = "(\(nowSeconds) - \(dialect.epochSeconds("i.due_on"))) / 86400"
        let source = """
            (SELECT i.id AS id, i.number AS number, i.customer_id AS customer_id, i.contract_id AS contract_id, i.kind AS kind,
                    i.amount_minor AS amount_minor, i.currency AS currency, coalesce(p.paid, 0) AS paid_minor,
                    i.amount_minor - coalesce(p.paid, 0) AS balance_minor, i.issued_on AS issued_on, i.due_on AS due_on,
                    CASE WHEN i.status = 'open' AND \(overdue) > 0 THEN \(overdue) ELSE 0 END AS days_overdue,
                    i.status AS status,
                    (SELECT coalesce(max(r.level), 0) FROM dunning_reminders r WHERE r.invoice_id = i.id) AS dunned
             FROM invoices i
             \(ReceivablesSQL.paidJoin)) AS invoices
            """
        return Relation(source: source, columns: [
            .init("id", .id(.invoice, "id")), .init("number", .text("number")), .init("customer", .id(.customer, "customer_id")),
            .init("contract", .id(.contract, "contract_id")), .init("kind", .text("kind")),
            .init("amount", .money(minor: "amount_minor", currency: "currency")),
            .init("paid", .money(minor: "paid_minor", currency: "currency")),
            .init("balance", .money(minor: "balance_minor", currency: "currency")),
            .init("issued", .date("issued_on")), .init("due", .date("due_on")), .init("days overdue", .integer("days_overdue")), .init("status", .text("status")),
            .init("dunned", .integer("dunned")),
        ], conditions: conditions, order: "id")
    }
}
