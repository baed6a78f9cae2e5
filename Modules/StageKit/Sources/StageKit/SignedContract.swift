#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// A contract signed from an accepted quote: the hand-off from sign to payment, service and revisit,
/// kept in the core `contracts` table. Recording one wins the deal. Any implementation of sign (the
/// built-in `contract sign`, an e-signature service, a plugin) records its contracts through
/// `record(in:)`, so invoices, tickets and revisits follow whichever signed it.
public struct SignedContract: Sendable, Equatable {
    /// The service levels a contract may promise, best first; the service slot answers tickets by them.
    public static let serviceLevels = ["gold", "silver", "bronze", "standard"]

    /// The accepted quote signed (`AcceptedQuote`); the contract's price and deal are the quote's.
    public var quote: EntityID
    public var delivery: Date
    /// The payment terms as written, e.g. `30% deposit, 70% net 30` (`PaymentTerms`).
    public var paymentTerms: String
    public var warrantyMonths: Int64
    /// One of `serviceLevels`.
    public var serviceLevel: String
    /// Who signed for the customer.
    public var signatory: String
    public var signedOn: Date

    public init(quote: EntityID, delivery: Date, paymentTerms: String = "net 30", warrantyMonths: Int64 = 0, serviceLevel: String = "standard",
                signatory: String, signedOn: Date) {
        self.quote = quote
        self.delivery = delivery
        self.paymentTerms = paymentTerms
        self.warrantyMonths = warrantyMonths
        self.serviceLevel = serviceLevel
        self.signatory = signatory
        self.signedOn = signedOn
    }

    /// What a checked contract comes to.
    public struct Checked: Sendable, Equatable {
        public var deal: EntityID
        public var total: Money
        public var terms: PaymentTerms
    }

    /// Checks the contract without recording it: the quote is accepted and not signed yet, its deal is
    /// open, the terms are understood, the warranty and service level are ones a contract may have.
    public func check(in database: any SQLDatabase) throws -> Checked {
        guard let accepted = try AcceptedQuote.find(quote, in: database) else {
            throw CommandError("\(quote) is not an accepted quote; only an accepted quote is signed", hint: "quote accept \(quote) once the customer agrees")
        }
        guard !signatory.trimmingSpaces.isEmpty else { throw CommandError("say who signed for the customer") }
        let terms = try PaymentTerms.parse(paymentTerms)
        guard (0...240).contains(warrantyMonths) else { throw CommandError("a warranty of \(warrantyMonths) months is not 0 to 240 months") }
        guard Self.serviceLevels.contains(serviceLevel) else {
            throw CommandError("the service level is one of \(Self.serviceLevels.joined(separator: ", ")), not \"\(serviceLevel)\"")
        }
        guard try database.query("SELECT 1 FROM contracts WHERE quote_id = ? AND status = 'signed'", [.integer(quote.number)]).isEmpty else {
            throw CommandError("\(quote) is already signed")
        }
        let status = try database.query("SELECT status FROM deals WHERE id = ?", [.integer(accepted.deal.number)]).first?.text("status") ?? "gone"
        guard status == "open" else { throw CommandError("\(accepted.deal) is \(status); only an open deal is signed") }
        return Checked(deal: accepted.deal, total: try accepted.total(), terms: terms)
    }

    /// Checks and records the contract, wins its deal at the quote's total, and journals
    /// `contract.signed` and `deal.won` as the context's implementation. Returns the contract's id (`K-3`).
    @discardableResult
    public func record(in context: StageContext) throws -> EntityID {
        if let slot = context.stage?.slot, slot != .sign { throw CommandError("a signed contract is sign's hand-off; \(slot) cannot record one") }
        let checked = try check(in: context.database)
        let database = context.database, total = checked.total, deal = checked.deal
        try database.execute(
            "INSERT INTO contracts (deal_id, quote_id, version, status, total_minor, currency, delivery_date, payment_terms, deposit_bp, net_days, "
                + "installments, warranty_months, service_level, signatory, signed_on, created_at) VALUES (?, ?, 1, 'signed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.integer(deal.number), .integer(quote.number), .integer(total.minorUnits), .text(total.currency.code),
             .text(Day.formatTimestamp(delivery)), .text(paymentTerms), .integer(checked.terms.depositBasisPoints), .integer(checked.terms.netDays),
             .integer(checked.terms.installments), .integer(warrantyMonths), .text(serviceLevel), .text(signatory.trimmingSpaces),
             .text(Day.formatTimestamp(signedOn)), .text(Day.formatTimestamp(context.clock.now))])
        let contract = EntityID(.contract, database.lastInsertedRowID)
        try database.execute("UPDATE deals SET status = 'won', stage = 'sign', closed_at = ?, value_minor = ?, value_currency = ? WHERE id = ?",
                             [.text(Day.formatTimestamp(signedOn)), .integer(total.minorUnits), .text(total.currency.code), .integer(deal.number)])
        try context.journal("contract.signed", subject: deal, details: Record([
            ("contract", .id(contract)), ("quote", .id(quote)), ("total", .money(total)), ("payment", .string(paymentTerms)),
            ("signatory", .string(signatory.trimmingSpaces)), ("delivery", .date(delivery)),
        ]))
        try context.journal("deal.won", subject: deal, details: Record([("contract", .id(contract)), ("value", .money(total))]))
        return contract
    }

    /// `12`, `12month`, `12months`, `1year`, as months.
    public static func months(_ text: String) throws -> Int64 {
        let lower = text.lowercased().trimmingSpaces
        for (suffix, factor) in [("months", Int64(1)), ("month", 1), ("years", 12), ("year", 12), ("", 1)] where lower.hasSuffix(suffix) {
            if let value = Int64(lower.dropLast(suffix.count)), (0...240).contains(value * factor) { return value * factor }
        }
        throw CommandError("\"\(text)\" is not a number of months such as 12month")
    }
}

/// Payment terms as written on a contract: `30% deposit, 70% net 30`, `net 45`, `net 30, 3 installments`.
/// The payment slot issues invoices by them: the deposit share a week after signing, the balance (or its
/// installments, 30 days apart) net days after delivery.
public struct PaymentTerms: Sendable, Equatable {
    /// The deposit's share of the total, in basis points (3000 = 30%).
    public var depositBasisPoints: Int64
    /// Days after delivery the balance is due.
    public var netDays: Int64
    /// How many installments the balance is paid in.
    public var installments: Int64

    public init(depositBasisPoints: Int64 = 0, netDays: Int64 = 30, installments: Int64 = 1) {
        self.depositBasisPoints = depositBasisPoints
        self.netDays = netDays
        self.installments = installments
    }

    /// Reads terms as written; says what it does not understand, with the forms it does.
    public static func parse(_ text: String) throws -> PaymentTerms {
        var terms = PaymentTerms()
        var sawNet = false
        for clause in text.lowercased().split(separator: ",").map({ String($0).trimmingSpaces }) where !clause.isEmpty {
            let words = clause.split(separator: " ").map(String.init)
            if let percent = words.first, percent.hasSuffix("%"), words.count >= 2, words[1] == "deposit" {
                terms.depositBasisPoints = try basisPoints(percent, in: text)
            } else if let index = words.firstIndex(of: "net"), index + 1 < words.count, let days = Int64(words[index + 1]), (0...365).contains(days) {
                terms.netDays = days
                sawNet = true
            } else if words.count == 2, let count = Int64(words[0]), (1...60).contains(count), words[1].hasPrefix("installment") {
                terms.installments = count
            } else {
                throw CommandError("\"\(clause)\" in the payment terms is not understood",
                                   hint: "write e.g. '30% deposit, 70% net 30', 'net 45' or 'net 30, 3 installments'")
            }
        }
        guard sawNet || terms.depositBasisPoints == 10_000 else {
            throw CommandError("the payment terms say no net days", hint: "e.g. '30% deposit, 70% net 30'")
        }
        return terms
    }

    private static func basisPoints(_ text: String, in terms: String) throws -> Int64 {
        guard let whole = Int64(text.dropLast()), (0...100).contains(whole) else {
            throw CommandError("\"\(text)\" in \"\(terms)\" is not a percentage from 0% to 100%")
        }
        return whole * 100
    }
}
