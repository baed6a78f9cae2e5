#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `sign` by e-signature: an accepted quote goes out in an envelope to the customer's signatory with
/// the contract's terms, and when the envelope comes back signed the contract is recorded through
/// StageKit's `SignedContract`, the sign slot's hand-off to payment, service and revisit.
public struct ESignSigning: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .sign, implementation: "e-sign", summary: "Contracts signed by e-signature envelopes.", version: "1.0.0")
    }

    public var migrations: [Migration] {
        [Migration(module: "e-sign", name: "v1", statements: [
            """
            CREATE TABLE esign_envelopes (
                quote_id INTEGER PRIMARY KEY,
                signatory TEXT NOT NULL,
                delivery TEXT NOT NULL,
                payment_terms TEXT NOT NULL,
                warranty_months INTEGER NOT NULL,
                service_level TEXT NOT NULL,
                sent_on TEXT NOT NULL,
                status TEXT NOT NULL
            )
            """,
        ])]
    }

    public var commands: [Command] { [send, complete] }

    var send: Command {
        Command(CommandSignature(
            "envelope send",
            summary: "Send an accepted quote's contract for e-signature, with its terms.",
            positionals: [Positional("quote", .id(.quote), "The accepted quote, e.g. Q-1.")],
            flags: [Flag("to", .string, "The customer's signatory."), Flag("delivery", .date, "The delivery date agreed."),
                    Flag("payment", .string, "Payment terms, e.g. '30% deposit, 70% net 30'.", default: .string("net 30")),
                    Flag("warranty", .string, "Warranty, e.g. 12month.", default: .string("0")),
                    Flag("service", .choice(SignedContract.serviceLevels), "After-sales service level.", default: .string("standard"))],
            output: .nothing, impact: .low,
            examples: [Example("envelope send Q-1 --to 王经理 --delivery 2026-03-01", "Out for signature.")])) { invocation, context in
            guard let quote = invocation.id("quote") else { throw CommandError("name the quote", argument: "quote") }
            guard case .date(let delivery)? = invocation["delivery"] else { throw CommandError("say when it will be delivered: --delivery DATE", argument: "delivery") }
            let warranty: Int64
            do { warranty = try SignedContract.months(invocation.string("warranty") ?? "0") } catch let error as CommandError {
                throw CommandError(error.message, argument: "warranty")
            }
            let contract = SignedContract(quote: quote, delivery: delivery, paymentTerms: invocation.string("payment") ?? "net 30", warrantyMonths: warranty,
                                          serviceLevel: invocation.string("service") ?? "standard", signatory: invocation.string("to") ?? "",
                                          signedOn: context.clock.now)
            do { _ = try contract.check(in: context.database) } catch let error as CommandError {
                throw CommandError(error.message, argument: "quote", hint: error.hint)
            }
            guard try context.database.query("SELECT 1 FROM esign_envelopes WHERE quote_id = ? AND status = 'sent'", [.integer(quote.number)]).isEmpty else {
                throw CommandError("\(quote) is already out for signature", argument: "quote", hint: "envelope complete \(quote)")
            }
            if invocation.isDryRun {
                context.output.line("would send \(quote) to \(contract.signatory) for signature")
                return .null
            }
            try context.database.execute(
                "INSERT INTO esign_envelopes (quote_id, signatory, delivery, payment_terms, warranty_months, service_level, sent_on, status) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, 'sent') ON CONFLICT (quote_id) DO UPDATE SET signatory = excluded.signatory, "
                    + "delivery = excluded.delivery, payment_terms = excluded.payment_terms, warranty_months = excluded.warranty_months, "
                    + "service_level = excluded.service_level, sent_on = excluded.sent_on, status = excluded.status",
                [.integer(quote.number), .text(contract.signatory), .text(Day.formatTimestamp(delivery)), .text(contract.paymentTerms),
                 .integer(warranty), .text(contract.serviceLevel), .text(Day.formatTimestamp(context.clock.now))])
            try context.journal("envelope.sent", subject: quote, details: Record([("to", .string(contract.signatory))]))
            context.output.line("\(quote) sent to \(contract.signatory) for signature")
            return .null
        }
    }

    var complete: Command {
        Command(CommandSignature(
            "envelope complete",
            summary: "The envelope came back signed: the contract is signed and the deal won.",
            positionals: [Positional("quote", .id(.quote), "The quote whose envelope was signed.")],
            flags: [Flag("on", .date, "When it was signed (default: today).")],
            output: .nothing, impact: .high,
            examples: [Example("envelope complete Q-1", "Signed.")])) { invocation, context in
            guard let quote = invocation.id("quote") else { throw CommandError("name the quote", argument: "quote") }
            guard let row = try context.database.query("SELECT * FROM esign_envelopes WHERE quote_id = ? AND status = 'sent'", [.integer(quote.number)]).first,
                  let delivery = row.text("delivery").flatMap({ try? Day.parse($0) }) else {
                throw CommandError("no envelope of \(quote) is out for signature", argument: "quote", hint: "envelope send \(quote) --to NAME --delivery DATE")
            }
            let signedOn: Date = if case .date(let date)? = invocation["on"] { date } else { context.clock.now }
            let contract = SignedContract(quote: quote, delivery: delivery, paymentTerms: row.text("payment_terms") ?? "net 30",
                                          warrantyMonths: row.integer("warranty_months") ?? 0, serviceLevel: row.text("service_level") ?? "standard",
                                          signatory: row.text("signatory") ?? "", signedOn: signedOn)
            if invocation.isDryRun {
                let checked = try contract.check(in: context.database)
                context.output.line("would sign \(quote): \(checked.total)")
                return .null
            }
            let id = try contract.record(in: context)
            try context.database.execute("UPDATE esign_envelopes SET status = 'signed' WHERE quote_id = ?", [.integer(quote.number)])
            context.output.line("\(id) signed by \(contract.signatory)")
            return .null
        }
    }
}
