#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// Payments and credit notes, through the payment slot's `ReceivedPayment` (never more than the
/// balance, in the invoice's currency; the invoice is paid when nothing is left). `custom` are
/// `field=value` assignments of the payment's custom fields, checked before anything is recorded.
enum Settling {
    /// The amount argument: as written when it names a currency (`40 USD`), else in the invoice's
    /// currency (`payment add I-3 40.00` on a dollar invoice is 40.00 USD).
    static func amount(_ invocation: Invocation, of invoice: EntityID, in database: any SQLDatabase) throws -> Money {
        switch invocation["amount"] {
        case .money(let money)?: return money
        case let value?:
            let code = try database.query("SELECT currency FROM invoices WHERE id = ?", [.integer(invoice.number)]).first?.text("currency")
            do throws(Money.ParseError) {
                return try Money.parse(value.plainText, defaultCurrency: code.flatMap(Currency.init(code:)) ?? .cny)
            } catch { throw CommandError(error.description, argument: "amount") }
        case nil: throw CommandError("the amount must be more than zero", argument: "amount")
        }
    }

    static func settle(_ invocation: Invocation, _ context: StageContext, method: String, reference: String?, custom: [String] = []) throws -> Value {
        guard let id = invocation.id("invoice") else { throw CommandError("name an invoice", argument: "invoice") }
        let amount = try self.amount(invocation, of: id, in: context.database)
        guard amount.minorUnits > 0 else { throw CommandError("the amount must be more than zero", argument: "amount") }
        let paidOn: Date = if case .date(let date)? = invocation["on"] { date } else { context.clock.now }
        let payment = ReceivedPayment(invoice: id, amount: amount, paidOn: paidOn, method: method, reference: reference)
        // Checked against the fields' types first (record 0 holds no values): a bad one records nothing.
        _ = try CustomFields.assign(custom, to: .payment, record: 0, currency: amount.currency, write: false, in: context.database)
        if invocation.isDryRun {
            let outcome = try payment.check(in: context)
            context.output.line("would record \(method) of \(amount) on \(id); \(outcome.remaining) would remain")
            return .null
        }
        let outcome = try payment.record(in: context)
        var customValues: [(String, Value)] = []
        if !custom.isEmpty, let recorded = try context.database.query("SELECT max(id) AS id FROM payments WHERE invoice_id = ?",
                                                                      [.integer(id.number)]).first?.integer("id") {
            customValues = try CustomFields.assign(custom, to: .payment, record: recorded, currency: amount.currency, write: true, in: context.database)
                .map { field, _, to in (field, to) }
        }
        if !invocation.isValueUsed {
            context.output.line("\(method == ReceivedPayment.creditNote ? "credited" : "received") \(amount) on \(id)"
                                + (outcome.remaining.minorUnits == 0 ? " · paid in full" : " · \(outcome.remaining) remaining"))
        }
        return .record(Record([("invoice", .id(id)), ("amount", .money(amount)), ("method", .string(method)),
                               ("reference", reference.map(Value.string) ?? .null), ("paid on", .date(paidOn)),
                               ("days late", .int(outcome.daysLate)), ("remaining", .money(outcome.remaining)),
                               ("status", .string(outcome.remaining.minorUnits == 0 ? "paid" : "open"))] + customValues))
    }
}
