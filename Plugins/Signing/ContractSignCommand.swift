#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
                Flag("service", .choice(SignedContract.serviceLevels), "After-sales service level.", default: .string("standard")),
                Flag("signatory", .string, "Who signed for the customer."),
                Flag("on", .date, "The date it was signed (default: today).")],
        output: .nothing, impact: .high,
        examples: [Example("contract sign Q-1 --delivery 2026-03-01 --payment '30% deposit, 70% net 30' --warranty 12month --service gold --signatory 王经理 --yes",
                           "Sign an accepted quote.", setup: "lead add Acme; lead qualify L-1 --force; product add A-1 Alpha --price 100; "
                           + "quote add D-1 --line 'A-1 x 2' --override; quote send Q-1; quote accept Q-1")]).creating()) { invocation, context in
        guard let quote = invocation.id("quote") else { throw CommandError("contract sign needs a quote", argument: "quote") }
        guard case .date(let delivery)? = invocation["delivery"] else { throw CommandError("say when it will be delivered: --delivery DATE", argument: "delivery") }
        guard let signatory = invocation.string("signatory")?.trimmingSpaces, !signatory.isEmpty else {
            throw CommandError("say who signed: --signatory NAME", argument: "signatory")
        }
        let termsText = invocation.string("payment") ?? "net 30"
        do { _ = try PaymentTerms.parse(termsText) } catch let error as CommandError {
            throw CommandError(error.message, argument: "payment", hint: error.hint)
        }
        let warranty: Int64
        do { warranty = try SignedContract.months(invocation.string("warranty") ?? "0") } catch let error as CommandError {
            throw CommandError(error.message, argument: "warranty")
        }
        let signedOn: Date = if case .date(let date)? = invocation["on"] { date } else { context.clock.now }
        // The hand-off from negotiate, whichever implementation made it, becomes the hand-off to payment.
        let contract = SignedContract(quote: quote, delivery: delivery, paymentTerms: termsText, warrantyMonths: warranty,
                                      serviceLevel: invocation.string("service") ?? "standard", signatory: signatory, signedOn: signedOn)
        let checked: SignedContract.Checked
        do { checked = try contract.check(in: context.database) } catch let error as CommandError {
            throw CommandError(error.message, argument: "quote", hint: error.hint)
        }
        if invocation.isDryRun {
            context.output.line("would sign a contract for \(quote) (\(checked.deal)): \(checked.total), delivery \(Day.format(delivery)), \(termsText)")
            return .null
        }
        let id = try contract.record(in: context)
        if !invocation.isValueUsed {
            context.output.line("\(id) signed · \(checked.deal) won · \(checked.total), delivery \(Day.format(delivery)), \(termsText)")
        }
        return .record(Record([("id", .id(id)), ("quote", .id(quote)), ("deal", .id(checked.deal)), ("total", .money(checked.total)),
                               ("delivery", .date(delivery)), ("payment", .string(termsText)), ("warranty months", .int(warranty)),
                               ("service", .string(contract.serviceLevel)), ("signatory", .string(signatory)), ("signed on", .date(signedOn))]))
    }
}
