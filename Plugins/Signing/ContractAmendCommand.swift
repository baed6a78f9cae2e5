#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `contract amend K-N ...`: a new version with changed terms; the old one is kept, marked amended.
enum ContractAmendCommand {
    static let command = Command(CommandSignature(
        "contract amend",
        summary: "Amend a signed contract: a new version with the changed terms; the old version stays, marked amended.",
        positionals: [Positional("contract", .id(.contract), "The contract, e.g. K-1.")],
        flags: [Flag("delivery", .date, "A new delivery date."), Flag("payment", .string, "New payment terms."),
                Flag("warranty", .string, "A new warranty, e.g. 24month."), Flag("service", .choice(SignedContract.serviceLevels), "A new service level."),
                Flag("reason", .string, "Why it changed.")],
        output: .nothing, impact: .high,
        examples: [Example("contract list", "Amendments show as versions.")]).creating()) { invocation, context in
        guard let id = invocation.id("contract") else { throw CommandError("contract amend needs a contract", argument: "contract") }
        let row = try ContractTable.require(id, context)
        guard row.text("status") == "signed" else { throw CommandError("\(id) is \(row.text("status") ?? "?"); only a signed contract is amended", argument: "contract") }
        guard let reason = invocation.string("reason")?.trimmingSpaces, !reason.isEmpty else {
            throw CommandError("say why it is amended: --reason TEXT", argument: "reason")
        }
        var delivery = row.text("delivery_date") ?? ""
        if case .date(let date)? = invocation["delivery"] { delivery = Day.formatTimestamp(date) }
        var termsText = row.text("payment_terms") ?? "net 30"
        var terms = PaymentTerms(depositBasisPoints: row.integer("deposit_bp") ?? 0, netDays: row.integer("net_days") ?? 30,
                                 installments: row.integer("installments") ?? 1)
        if let text = invocation.string("payment") {
            do { terms = try PaymentTerms.parse(text) } catch let error as CommandError { throw CommandError(error.message, argument: "payment", hint: error.hint) }
            termsText = text
        }
        let warranty = try invocation.string("warranty").map(ContractTable.months) ?? (row.integer("warranty_months") ?? 0)
        let service = invocation.string("service") ?? row.text("service_level") ?? "standard"
        if invocation.isDryRun {
            context.output.line("would amend \(id): \(reason)")
            return .null
        }
        let deal = EntityID(.deal, row.integer("deal_id") ?? 0)
        try context.database.execute("UPDATE contracts SET status = 'amended' WHERE id = ?", [.integer(id.number)])
        try context.database.execute(
            "INSERT INTO contracts (deal_id, quote_id, version, status, total_minor, currency, delivery_date, payment_terms, deposit_bp, net_days, "
                + "installments, warranty_months, service_level, signatory, signed_on, supersedes, reason, created_at) "
                + "VALUES (?, ?, ?, 'signed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.integer(deal.number), row["quote_id"], .integer((row.integer("version") ?? 1) + 1), row["total_minor"], row["currency"],
             .text(delivery), .text(termsText), .integer(terms.depositBasisPoints), .integer(terms.netDays), .integer(terms.installments),
             .integer(warranty), .text(service), row["signatory"], row["signed_on"], .integer(id.number), .text(reason),
             .text(Day.formatTimestamp(context.clock.now))])
        let new = EntityID(.contract, context.database.lastInsertedRowID)
        try context.journal("contract.amended", subject: deal, details: Record([("contract", .id(new)), ("supersedes", .id(id)), ("reason", .string(reason))]))
        let version = (row.integer("version") ?? 1) + 1
        if !invocation.isValueUsed { context.output.line("\(new) amends \(id) (version \(version)): \(reason)") }
        return .record(Record([("id", .id(new)), ("supersedes", .id(id)), ("deal", .id(deal)), ("version", .int(version)),
                               ("delivery", (try? Day.parse(delivery)).map(Value.date) ?? .null), ("payment", .string(termsText)),
                               ("warranty months", .int(warranty)), ("service", .string(service)), ("reason", .string(reason))]))
    }
}
