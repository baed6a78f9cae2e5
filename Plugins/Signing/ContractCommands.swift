import Foundation
import FunnelModel
import StageKit

/// Reading contracts from the shared `contracts` table.
enum ContractTable {
    static func require(_ id: EntityID, _ context: StageContext) throws -> SQLRow {
        guard let row = try context.database.query("SELECT * FROM contracts WHERE id = ?", [.integer(id.number)]).first else {
            throw CommandError.notFound(id, argument: "contract")
        }
        return row
    }

    static func record(_ row: SQLRow) -> Record {
        let currency = row.text("currency").flatMap(Currency.init(code:)) ?? .cny
        return Record([
            ("id", .id(EntityID(.contract, row.integer("id") ?? 0))), ("deal", .id(EntityID(.deal, row.integer("deal_id") ?? 0))),
            ("version", .int(row.integer("version") ?? 1)), ("status", .string(row.text("status") ?? "")),
            ("total", .money(Money(minorUnits: row.integer("total_minor") ?? 0, currency: currency))),
            ("delivery", row.text("delivery_date").flatMap { try? Day.parse($0) }.map(Value.date) ?? .null),
            ("payment", .string(row.text("payment_terms") ?? "")), ("warranty months", .int(row.integer("warranty_months") ?? 0)),
            ("service", .string(row.text("service_level") ?? "")), ("signatory", .string(row.text("signatory") ?? "")),
            ("signed", row.text("signed_on").flatMap { try? Day.parse($0) }.map(Value.date) ?? .null),
            ("reason", row.text("reason").map(Value.string) ?? .null),
        ])
    }

    /// `12`, `12month`, `12months`, `1year` as months.
    static func months(_ text: String) throws -> Int64 {
        let lower = text.lowercased().trimmingSpaces
        for (suffix, factor) in [("months", Int64(1)), ("month", 1), ("years", 12), ("year", 12), ("", 1)] where lower.hasSuffix(suffix) {
            if let value = Int64(lower.dropLast(suffix.count)), (0...240).contains(value * factor) { return value * factor }
        }
        throw CommandError("\"\(text)\" is not a number of months such as 12month", argument: "warranty")
    }
}

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

/// `contract show K-N`.
enum ContractShowCommand {
    static let command = Command(CommandSignature(
        "contract show",
        summary: "Show a contract's terms.",
        positionals: [Positional("contract", .id(.contract), "The contract, e.g. K-1.")],
        output: .any,
        examples: [Example("contract list", "Every contract.")]), catalog: true) { invocation, context in
        guard let id = invocation.id("contract") else { throw CommandError("contract show needs a contract", argument: "contract") }
        return .record(ContractTable.record(try ContractTable.require(id, context)))
    }
}

/// `contract list`: every contract version.
enum ContractListCommand {
    static let command = Command(CommandSignature(
        "contract list",
        summary: "List contracts, every version.",
        examples: [Example("contract list | where status == signed", "Contracts in force.")]), catalog: true) { _, _ in
        .relation(Relation(source: "contracts", columns: [
            .init("id", .id(.contract, "id")), .init("deal", .id(.deal, "deal_id")), .init("version", .integer("version")),
            .init("status", .text("status")), .init("total", .money(minor: "total_minor", currency: "currency")),
            .init("delivery", .date("delivery_date")), .init("payment", .text("payment_terms")),
            .init("service", .text("service_level")), .init("signed", .date("signed_on")),
        ], order: "id"))
    }
}

/// `contract amend K-N ...`: a new version with changed terms; the old one is kept, marked amended.
enum ContractAmendCommand {
    static let command = Command(CommandSignature(
        "contract amend",
        summary: "Amend a signed contract: a new version with the changed terms; the old version stays, marked amended.",
        positionals: [Positional("contract", .id(.contract), "The contract, e.g. K-1.")],
        flags: [Flag("delivery", .date, "A new delivery date."), Flag("payment", .string, "New payment terms."),
                Flag("warranty", .string, "A new warranty, e.g. 24month."), Flag("service", .choice(ServiceLevel.all), "A new service level."),
                Flag("reason", .string, "Why it changed.")],
        output: .nothing, impact: .high,
        examples: [Example("contract list", "Amendments show as versions.")])) { invocation, context in
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
        context.output.line("\(new) amends \(id) (version \((row.integer("version") ?? 1) + 1)): \(reason)")
        return .null
    }
}

/// `contract cancel K-N --reason TEXT`: the contract ends; the deal is lost with that reason.
enum ContractCancelCommand {
    static let command = Command(CommandSignature(
        "contract cancel",
        summary: "Cancel a signed contract, with a reason; the deal is marked lost.",
        positionals: [Positional("contract", .id(.contract), "The contract, e.g. K-1.")],
        flags: [Flag("reason", .string, "Why it was cancelled.")],
        output: .nothing, impact: .high,
        examples: [Example("contract list | where status == cancelled", "Cancelled contracts.")])) { invocation, context in
        guard let id = invocation.id("contract") else { throw CommandError("contract cancel needs a contract", argument: "contract") }
        let row = try ContractTable.require(id, context)
        guard row.text("status") == "signed" else { throw CommandError("\(id) is \(row.text("status") ?? "?"); only a signed contract is cancelled", argument: "contract") }
        guard let reason = invocation.string("reason")?.trimmingSpaces, !reason.isEmpty else {
            throw CommandError("a cancellation needs a reason: --reason TEXT", argument: "reason")
        }
        if invocation.isDryRun {
            context.output.line("would cancel \(id): \(reason)")
            return .null
        }
        let deal = EntityID(.deal, row.integer("deal_id") ?? 0)
        try context.database.execute("UPDATE contracts SET status = 'cancelled', reason = ? WHERE id = ?", [.text(reason), .integer(id.number)])
        try context.database.execute("UPDATE deals SET status = 'lost', lost_reason = ?, closed_at = ? WHERE id = ?",
                                     [.text("contract cancelled: \(reason)"), .text(Day.formatTimestamp(context.clock.now)), .integer(deal.number)])
        try context.journal("contract.cancelled", subject: deal, details: Record([("contract", .id(id)), ("reason", .string(reason))]))
        context.output.line("\(id) cancelled · \(deal) lost: \(reason)")
        return .null
    }
}
