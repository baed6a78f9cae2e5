import Foundation
import FunnelModel
import StageKit

/// Payments and credit notes: never more than the balance, in the invoice's currency; the invoice is
/// paid when nothing is left.
enum Settling {
    static func settle(_ invocation: Invocation, _ context: StageContext, method: String, reference: String?) throws -> Value {
        guard let id = invocation.id("invoice") else { throw CommandError("name an invoice", argument: "invoice") }
        guard let amount = invocation.money("amount"), amount.minorUnits > 0 else { throw CommandError("the amount must be more than zero", argument: "amount") }
        let invoice = try InvoiceState.require(id, context)
        guard invoice.status == "open" else { throw CommandError("\(id) is \(invoice.status)", argument: "invoice") }
        guard amount.currency == invoice.amount.currency else {
            throw CommandError("\(id) is in \(invoice.amount.currency), the amount in \(amount.currency)", argument: "amount")
        }
        guard amount.minorUnits <= invoice.balance.minorUnits else {
            throw CommandError("\(amount) is more than the \(invoice.balance) still owed on \(id)", argument: "amount")
        }
        let paidOn: Date = if case .date(let date)? = invocation["on"] { date } else { context.clock.now }
        let remaining = Money(minorUnits: invoice.balance.minorUnits - amount.minorUnits, currency: amount.currency)
        if invocation.isDryRun {
            context.output.line("would record \(method) of \(amount) on \(id); \(remaining) would remain")
            return .null
        }
        try context.database.execute("INSERT INTO payments (invoice_id, amount_minor, currency, paid_on, method, reference) VALUES (?, ?, ?, ?, ?, ?)",
                                     [.integer(id.number), .integer(amount.minorUnits), .text(amount.currency.code),
                                      .text(Day.formatTimestamp(paidOn)), .text(method), reference.map { .text($0) } ?? .null])
        if remaining.minorUnits == 0 {
            try context.database.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", [.integer(id.number)])
        }
        try context.journal(method == "credit note" ? "invoice.credited" : "payment.received", subject: id, details: Record([
            ("amount", .money(amount)), ("method", .string(method)), ("reference", reference.map(Value.string) ?? .null),
            ("paid on", .date(paidOn)), ("days late", .int(max(0, Int64((paidOn.timeIntervalSince(invoice.due) / 86_400).rounded(.down))))),
            ("remaining", .money(remaining)),
        ]))
        context.output.line("\(method == "credit note" ? "credited" : "received") \(amount) on \(id)"
                            + (remaining.minorUnits == 0 ? " · paid in full" : " · \(remaining) remaining"))
        return .null
    }
}
