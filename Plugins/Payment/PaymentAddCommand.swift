#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `payment add I-N AMOUNT --method M --ref R [--set field=value]`: a full or partial payment of an
/// invoice, with the payment's custom fields (`field add payment channel string`).
enum PaymentAddCommand {
    static let command = Command(CommandSignature(
        "payment add",
        summary: "Record a full or partial payment of an invoice, with its method and reference.",
        positionals: [Positional("invoice", .id(.invoice), "The invoice, e.g. I-7."), Positional("amount", .word, "How much was paid, in the invoice's currency unless it names one (40.00, 40 USD).")],
        flags: [Flag("method", .choice(["transfer", "card", "cash", "cheque", "other"]), "How it was paid.", default: .string("transfer")),
                Flag("ref", .string, "The bank or payment reference."), Flag("on", .date, "When it was paid (default: today)."),
                Flag("set", .string, "A custom field of the payment, field=value; repeatable.", repeatable: true)],
        output: .nothing, impact: .high,
        examples: [Example("invoice list --overdue", "Then pay: payment add I-1 900.00 --method transfer --ref HZ-2231 --yes")]).creating()) { invocation, context in
        try Settling.settle(invocation, context, method: invocation.string("method") ?? "transfer", reference: invocation.string("ref"),
                            custom: invocation.list("set").map(\.plainText))
    }
}
