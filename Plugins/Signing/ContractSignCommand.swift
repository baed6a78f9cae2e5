import Foundation
import FunnelModel
import StageKit

/// `contract sign Q-N --delivery DATE --payment TERMS ...`: a contract from an accepted quote; the deal is won.
enum ContractSignCommand {
    static let command = Command(CommandSignature(
        "contract sign",
        summary: "Sign a contract from an accepted quote: delivery date, payment terms, warranty, service level, signatory. The deal is won.",
        positionals: [Positional("quote", .id(.quote), "The accepted quote, e.g. Q-3.")],
        flags: [Flag("delivery", .date, "The delivery date agreed."),
                Flag("payment", .string, "Payment terms, e.g. '30% deposit, 70% net 30'.", default: .string("net 30")),
                Flag("warranty", .string, "Warranty, e.g. 12month.", default: .string("0")),
                Flag("service", .choice(ServiceLevel.all), "After-sales service level.", default: .string("standard")),
                Flag("signatory", .string, "Who signed for the customer."),
                Flag("on", .date, "The date it was signed (default: today).")],
        output: .nothing, impact: .high,
        examples: [Example("contract sign Q-1 --delivery 2026-03-01 --payment '30% deposit, 70% net 30' --warranty 12month --service gold --signatory 王经理 --yes",
                           "Sign an accepted quote.", setup: "lead add Acme; lead qualify L-1 --force; product add A-1 Alpha --price 100; "
                           + "quote add D-1 --line 'A-1 x 2' --override; quote send Q-1; quote accept Q-1")])) { invocation, context in
        guard let quote = invocation.id("quote") else { throw CommandError("contract sign needs a quote", argument: "quote") }
        // The hand-off from negotiate, whichever implementation made it: its lines and what it comes to.
        guard let accepted = try AcceptedQuote.find(quote, in: context.database) else {
            throw CommandError("\(quote) is not an accepted quote; only an accepted quote is signed", argument: "quote",
                               hint: "quote accept \(quote) once the customer agrees")
        }
        let deal = accepted.deal
        guard case .date(let delivery)? = invocation["delivery"] else { throw CommandError("say when it will be delivered: --delivery DATE", argument: "delivery") }
        guard let signatory = invocation.string("signatory")?.trimmingSpaces, !signatory.isEmpty else {
            throw CommandError("say who signed: --signatory NAME", argument: "signatory")
        }
        let termsText = invocation.string("payment") ?? "net 30"
        let terms: PaymentTerms
        do { terms = try PaymentTerms.parse(termsText) } catch let error as CommandError {
            throw CommandError(error.message, argument: "payment", hint: error.hint)
        }
        let warranty = try ContractTable.months(invocation.string("warranty") ?? "0")
        let signedOn: Date = if case .date(let date)? = invocation["on"] { date } else { context.clock.now }
        guard try context.database.query("SELECT 1 FROM contracts WHERE quote_id = ? AND status = 'signed'", [.integer(quote.number)]).isEmpty else {
            throw CommandError("\(quote) is already signed", argument: "quote")
        }
        let dealStatus = try context.database.query("SELECT status FROM deals WHERE id = ?", [.integer(deal.number)]).first?.text("status") ?? "gone"
        guard dealStatus == "open" else {
            throw CommandError("\(deal) is \(dealStatus); only an open deal is signed", argument: "quote")
        }
        let total: Money
        do { total = try accepted.total() } catch let error as CommandError { throw CommandError(error.message, argument: "quote") }
        let currency = total.currency
        if invocation.isDryRun {
            context.output.line("would sign a contract for \(quote) (\(deal)): \(total), delivery \(Day.format(delivery)), \(termsText)")
            return .null
        }
        let now = Day.formatTimestamp(context.clock.now)
        try context.database.execute(
            "INSERT INTO contracts (deal_id, quote_id, version, status, total_minor, currency, delivery_date, payment_terms, deposit_bp, net_days, "
                + "installments, warranty_months, service_level, signatory, signed_on, created_at) VALUES (?, ?, 1, 'signed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.integer(deal.number), .integer(quote.number), .integer(total.minorUnits), .text(currency.code),
             .text(Day.formatTimestamp(delivery)), .text(termsText), .integer(terms.depositBasisPoints), .integer(terms.netDays),
             .integer(terms.installments), .integer(warranty), .text(invocation.string("service") ?? "standard"), .text(signatory),
             .text(Day.formatTimestamp(signedOn)), .text(now)])
        let contract = EntityID(.contract, context.database.lastInsertedRowID)
        try context.database.execute("UPDATE deals SET status = 'won', stage = 'sign', closed_at = ?, value_minor = ?, value_currency = ? WHERE id = ?",
                                     [.text(Day.formatTimestamp(signedOn)), .integer(total.minorUnits), .text(currency.code), .integer(deal.number)])
        try context.journal("contract.signed", subject: deal, details: Record([
            ("contract", .id(contract)), ("quote", .id(quote)), ("total", .money(total)), ("payment", .string(termsText)),
            ("signatory", .string(signatory)), ("delivery", .date(delivery)),
        ]))
        try context.journal("deal.won", subject: deal, details: Record([("contract", .id(contract)), ("value", .money(total))]))
        context.output.line("\(contract) signed · \(deal) won · \(total), delivery \(Day.format(delivery)), \(termsText)")
        return .null
    }
}
