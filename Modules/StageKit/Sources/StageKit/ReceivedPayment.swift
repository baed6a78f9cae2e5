#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// A payment received against an invoice (or a credit note reducing it), the payment slot's record of
/// what was collected: whichever implementation collects writes it through this type, so balances,
/// days late and the receivables reports mean the same for all of them.
///
/// Stored in the core table `payments`; the invoice is marked `paid` when nothing remains.
/// `record(in:)` checks it and journals `payment.received` (`invoice.credited` for a credit note) on
/// the invoice, with the amount, method, reference, day paid, days late and what remains.
public struct ReceivedPayment: Sendable, Equatable {
    /// The method of a credit note: it settles like a payment and is journaled as `invoice.credited`.
    public static let creditNote = "credit note"

    /// The invoice paid (`I-N`).
    public var invoice: EntityID
    /// How much; more than zero, in the invoice's currency, at most its balance.
    public var amount: Money
    /// The day it was paid.
    public var paidOn: Date
    /// How it was paid: `transfer`, `card`, `cash`, `cheque`, `other`, or `credit note`.
    public var method: String
    /// The bank or payment reference (a credit note's reason).
    public var reference: String?

    public init(invoice: EntityID, amount: Money, paidOn: Date, method: String = "transfer", reference: String? = nil) {
        self.invoice = invoice
        self.amount = amount
        self.paidOn = paidOn
        self.method = method
        self.reference = reference
    }

    /// What the invoice holds when the payment is checked.
    public struct Outcome: Sendable, Equatable {
        /// What is still owed once the payment is recorded.
        public var remaining: Money
        /// Whole days after the invoice's due date that it was paid (0 when on time).
        public var daysLate: Int64
    }

    /// Checks the payment without recording it — the invoice exists and is open, the amount is more
    /// than zero, in the invoice's currency and not more than its balance, a method is named — and
    /// says what would remain. A dry run asks this.
    public func check(in context: StageContext) throws -> Outcome {
        guard invoice.kind == .invoice else { throw CommandError("a payment needs an invoice id such as I-1, not \(invoice)") }
        if let slot = context.stage?.slot, slot != .payment {
            throw CommandError("a payment is the payment slot's record; \(slot) cannot record one")
        }
        guard !method.trimmingSpaces.isEmpty, method.count <= 40 else {
            throw CommandError("a payment of \(invoice) needs a method (transfer, card, cash, cheque, other), at most 40 characters")
        }
        guard let row = try context.database.query("""
            SELECT i.status, i.amount_minor, i.currency, i.due_on,
                   (SELECT coalesce(sum(p.amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id) AS paid_minor
            FROM invoices i WHERE i.id = ?
            """, [.integer(invoice.number)]).first else {
            throw CommandError.notFound(invoice)
        }
        let status = row.text("status") ?? "?"
        guard status == "open" else { throw CommandError("\(invoice) is \(status)") }
        guard amount.minorUnits > 0 else { throw CommandError("the amount must be more than zero, not \(amount)") }
        let currency = row.text("currency").flatMap(Currency.init(code:)) ?? .cny
        guard amount.currency == currency else { throw CommandError("\(invoice) is in \(currency), the amount in \(amount.currency)") }
        let balance = Money(minorUnits: (row.integer("amount_minor") ?? 0) - (row.integer("paid_minor") ?? 0), currency: currency)
        guard amount.minorUnits <= balance.minorUnits else { throw CommandError("\(amount) is more than the \(balance) still owed on \(invoice)") }
        let due = row.text("due_on").flatMap { try? Day.parse($0) } ?? paidOn
        return Outcome(remaining: Money(minorUnits: balance.minorUnits - amount.minorUnits, currency: currency),
                       daysLate: max(0, Int64((paidOn.timeIntervalSince(due) / 86_400).rounded(.down))))
    }

    /// Checks the payment (`check(in:)`), stores it, marks the invoice `paid` when nothing remains and
    /// journals `payment.received` (or `invoice.credited`) on the invoice.
    @discardableResult
    public func record(in context: StageContext) throws -> Outcome {
        let outcome = try check(in: context)
        let method = self.method.trimmingSpaces
        try context.database.execute("INSERT INTO payments (invoice_id, amount_minor, currency, paid_on, method, reference) VALUES (?, ?, ?, ?, ?, ?)",
                                     [.integer(invoice.number), .integer(amount.minorUnits), .text(amount.currency.code),
                                      .text(Day.formatTimestamp(paidOn)), .text(method), reference.map { .text($0) } ?? .null])
        if outcome.remaining.minorUnits == 0 {
            try context.database.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", [.integer(invoice.number)])
        }
        try context.journal(method == Self.creditNote ? "invoice.credited" : "payment.received", subject: invoice, details: Record([
            ("amount", .money(amount)), ("method", .string(method)), ("reference", reference.map(Value.string) ?? .null),
            ("paid on", .date(paidOn)), ("days late", .int(outcome.daysLate)), ("remaining", .money(outcome.remaining)),
        ]))
        return outcome
    }
}
