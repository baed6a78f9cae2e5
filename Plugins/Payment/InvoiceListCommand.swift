import Foundation
import FunnelModel
import StageKit

/// `invoice list [--overdue]`: invoices with what is paid, the balance, days overdue and the highest
/// dunning level each has had (`dunned`, 0 when never reminded: what a dunning verb needs piped in).
enum InvoiceListCommand {
    static let command = Command(CommandSignature(
        "invoice list",
        summary: "List invoices with what is paid, the balance and how many days each is overdue.",
        flags: [Flag("overdue", .bool, "Only open invoices past their due date."),
                Flag("customer", .id(.customer), "Only this customer's invoices.")],
        examples: [Example("invoice list --overdue", "What customers owe late.")])
            .showing(["id", "number", "customer", "amount", "balance", "due", "days overdue", "status"]), catalog: true) { invocation, context in
        var condition: Relation.Fragment?
        if let customer = invocation.id("customer") { condition = .init("i.customer_id = ?", [.integer(customer.number)]) }
        let now = context.clock.now
        let invoices = try InvoiceState.all(context, where: condition)
            .filter { !invocation.flag("overdue") || ($0.status == "open" && $0.daysOverdue(at: now) > 0) }
        return .table(Table(columns: ["id", "number", "customer", "kind", "amount", "paid", "balance", "due", "days overdue", "status", "dunned"],
                            rows: invoices.map { $0.record(at: now) }))
    }
}
