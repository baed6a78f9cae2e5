#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// The hand-off from `payment` to the stages after it (service, revisit, analyze): an invoice issued
/// against a signed contract — a deposit, the balance or one installment, for an amount, due on a
/// day. Whatever implementation fills the payment slot issues its invoices through this type, so the
/// receivables every report reads follow one rule.
///
/// Stored in the core table `invoices`; Funnel allocates the id (`I-N`) and the number (`INV-000001`,
/// the next id on six digits). `record(in:)` checks it and journals `invoice.issued` on the invoice.
/// Invoices brought in by an import (no contract) are not issued through it.
public struct IssuedInvoice: Sendable, Equatable {
    /// The signed contract invoiced (`K-N`).
    public var contract: EntityID
    /// What part of the contract this invoice asks for: `deposit`, `balance`, `installment 2 of 3` …
    public var kind: String
    /// How much, in the contract's currency; more than zero.
    public var amount: Money
    /// When it is due; not before the day it is issued.
    public var due: Date

    public init(contract: EntityID, kind: String, amount: Money, due: Date) {
        self.contract = contract
        self.kind = kind
        self.amount = amount
        self.due = due
    }

    /// The invoice as stored: the id and number Funnel gave it.
    public struct Issued: Sendable, Equatable {
        /// The invoice's id, `I-N`.
        public var invoice: EntityID
        /// Its number, `INV-000001`.
        public var number: String
    }

    /// Checks the invoice — a contract that exists and is signed; a kind; an amount above zero in the
    /// contract's currency that, with the contract's other invoices, does not exceed the contract's
    /// total; due no earlier than today, the day it is issued — stores it (issued now, open) and journals
    /// `invoice.issued` with its contract, kind, amount and due date.
    @discardableResult
    public func record(in context: StageContext) throws -> Issued {
        guard contract.kind == .contract else { throw CommandError("an invoice needs a contract id such as K-1, not \(contract)") }
        if let slot = context.stage?.slot, slot != .payment {
            throw CommandError("an invoice is payment's hand-off; \(slot) cannot issue one")
        }
        let kind = self.kind.trimmingSpaces
        guard !kind.isEmpty else { throw CommandError("an invoice of \(contract) needs a kind, such as deposit, balance or installment 1 of 3") }
        guard kind.count <= 80 else { throw CommandError("an invoice's kind is at most 80 characters") }
        let database = context.database
        guard let row = try database.query(
            "SELECT c.status, c.total_minor, c.currency, d.customer_id FROM contracts c JOIN deals d ON d.id = c.deal_id WHERE c.id = ?",
            [.integer(contract.number)]).first else {
            throw CommandError.notFound(contract)
        }
        let status = row.text("status") ?? "?"
        guard status == "signed" else { throw CommandError("\(contract) is \(status); invoices come from a signed contract") }
        guard let currency = row.text("currency").flatMap(Currency.init(code:)) else { throw CommandError("\(contract) has no currency") }
        guard amount.minorUnits > 0 else { throw CommandError("an invoice of \(contract) must be for more than zero, not \(amount)") }
        guard amount.currency == currency else {
            throw CommandError("\(contract) is in \(currency.code); an invoice of \(amount) is not")
        }
        let total = Money(minorUnits: row.integer("total_minor") ?? 0, currency: currency)
        let invoiced = Money(minorUnits: try database.query(
            "SELECT coalesce(sum(amount_minor), 0) AS n FROM invoices WHERE contract_id = ?", [.integer(contract.number)]).first?.integer("n") ?? 0,
            currency: currency)
        let (after, overflow) = invoiced.minorUnits.addingReportingOverflow(amount.minorUnits)
        guard !overflow, after <= total.minorUnits else {
            let left = Money(minorUnits: max(0, total.minorUnits - invoiced.minorUnits), currency: currency)
            throw CommandError("\(amount) is more than the \(left) of \(contract)'s \(total) not yet invoiced")
        }
        let now = context.clock.now
        guard Day.format(due) >= Day.format(now) else {
            throw CommandError("the \(kind) of \(contract) would be due on \(Day.format(due)), before it is issued (\(Day.format(now)))")
        }
        let next = try database.query("SELECT coalesce(max(id), 0) + 1 AS n FROM invoices").first?.integer("n") ?? 1
        let digits = String(next)
        let number = "INV-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        try database.execute(
            "INSERT INTO invoices (number, contract_id, customer_id, kind, amount_minor, currency, issued_on, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [.text(number), .integer(contract.number), row["customer_id"], .text(kind), .integer(amount.minorUnits),
             .text(currency.code), .text(Day.formatTimestamp(now)), .text(Day.formatTimestamp(due))])
        let invoice = EntityID(.invoice, database.lastInsertedRowID)
        try context.journal("invoice.issued", subject: invoice, details: Record([
            ("contract", .id(contract)), ("kind", .string(kind)), ("amount", .money(amount)), ("due", .date(due)),
        ]))
        return Issued(invoice: invoice, number: number)
    }
}
