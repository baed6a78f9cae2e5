#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `credit note I-N AMOUNT --reason TEXT`: reduces what an invoice asks for.
enum CreditNoteCommand {
    static let command = Command(CommandSignature(
        "credit note",
        summary: "Credit part or all of an invoice, with a reason.",
        positionals: [Positional("invoice", .id(.invoice), "The invoice, e.g. I-7."), Positional("amount", .word, "How much to credit, in the invoice's currency unless it names one (40.00, 40 USD).")],
        flags: [Flag("reason", .string, "Why.")],
        output: .nothing, impact: .high,
        examples: [Example("invoice list", "Then credit: credit note I-1 100.00 --reason 'damaged unit' --yes")]).creating()) { invocation, context in
        guard let reason = invocation.string("reason")?.trimmingSpaces, !reason.isEmpty else {
            throw CommandError("a credit note needs a reason: --reason TEXT", argument: "reason")
        }
        return try Settling.settle(invocation, context, method: ReceivedPayment.creditNote, reference: reason)
    }
}
